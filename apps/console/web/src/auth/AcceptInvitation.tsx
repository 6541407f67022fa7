import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { consoleApi, unwrap } from '../api/clients';
import { ApiError, messageOf } from '../api/errors';
import { TextField } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { AuthFrame } from './AuthFrame';
import { NewPasswordFields, useNewPassword } from './NewPasswordFields';
import { useSession } from './session';

/** /invite?token=…: a new member of staff chooses their name and password and is signed in. */
export function AcceptInvitation() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { started } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const newPassword = useNewPassword();
  const { password } = newPassword;
  const accept = useMutation({
    mutationFn: () =>
      unwrap(
        consoleApi.POST('/api/auth/invitations/accept', {
          body: { token, password, ...(name.trim() ? { name: name.trim() } : {}) },
        }),
      ),
    onSuccess: (session) => {
      started(session);
      void navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword.check()) accept.mutate();
  };
  const error = accept.error instanceof ApiError ? accept.error : null;

  if (!token) {
    return (
      <AuthFrame title="Accept your invitation">
        <Notice kind="error">This invitation link is incomplete. Open the link from your email again.</Notice>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title="Accept your invitation">
      <p>Choose the password you will use to sign in to your organisation&rsquo;s supporter console.</p>
      {accept.error && !error?.forField('password') && !error?.forField('name') ? (
        <Notice kind="error">
          {error?.forField('token') ?? messageOf(accept.error)}{' '}
          {error && [400, 404, 410].includes(error.status) && 'Ask an admin to send you a new invitation.'}
        </Notice>
      ) : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label="Your name"
          hint="How colleagues will see you in the console (optional)."
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={error?.forField('name')}
        />
        <NewPasswordFields state={newPassword} error={error?.forField('password')} />
        <div className="actions">
          <button type="submit" className="primary" disabled={accept.isPending}>
            {accept.isPending ? 'Setting up…' : 'Set password and sign in'}
          </button>
          <Link to="/sign-in">I already have an account</Link>
        </div>
      </form>
    </AuthFrame>
  );
}
