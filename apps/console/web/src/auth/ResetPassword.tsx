import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { consoleApi, unwrap } from '../api/clients';
import { ApiError, messageOf } from '../api/errors';
import { TextField } from '../ui/Field';
import { FormErrorNotice, Notice } from '../ui/Notice';
import { AuthFrame } from './AuthFrame';
import { NewPasswordFields, useNewPassword } from './NewPasswordFields';

/** /reset-password asks for the email; /reset-password?token=… (from that email) sets a new password. */
export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <ChooseNewPassword token={token} /> : <RequestReset />;
}

function RequestReset() {
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => unwrap(consoleApi.POST('/api/auth/password-reset', { body: { email } })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  const error = request.error instanceof ApiError ? request.error : null;
  return (
    <AuthFrame title="Reset your password">
      {request.isSuccess ? (
        <Notice kind="success">
          If {email} belongs to a staff account, we have emailed it a link to choose a new password. The link
          works for a limited time.
        </Notice>
      ) : (
        <>
          <p>Enter the email address you sign in with. We will email you a link to choose a new password.</p>
          <FormErrorNotice error={request.error} fields={['email']} />
          <form onSubmit={submit} noValidate>
            <TextField
              label="Email address"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              error={error?.forField('email')}
            />
            <div className="actions">
              <button type="submit" className="primary" disabled={request.isPending}>
                Email me a reset link
              </button>
            </div>
          </form>
        </>
      )}
      <p className="auth-links">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </AuthFrame>
  );
}

function ChooseNewPassword({ token }: { token: string }) {
  const newPassword = useNewPassword();
  const { password } = newPassword;
  const complete = useMutation({
    mutationFn: () =>
      unwrap(consoleApi.POST('/api/auth/password-reset/complete', { body: { token, password } })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword.check()) complete.mutate();
  };
  const error = complete.error instanceof ApiError ? complete.error : null;
  if (complete.isSuccess) {
    return (
      <AuthFrame title="Password changed">
        <Notice kind="success">Your password has been changed.</Notice>
        <p>
          <Link to="/sign-in">Sign in with your new password</Link>
        </p>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title="Choose a new password">
      {complete.error && !error?.forField('password') && (
        <Notice kind="error">
          {error?.forField('token') ?? messageOf(complete.error)} You can{' '}
          <Link to="/reset-password">ask for a new link</Link>.
        </Notice>
      )}
      <form onSubmit={submit} noValidate>
        <NewPasswordFields state={newPassword} error={error?.forField('password')} />
        <div className="actions">
          <button type="submit" className="primary" disabled={complete.isPending}>
            Change password
          </button>
        </div>
      </form>
    </AuthFrame>
  );
}
