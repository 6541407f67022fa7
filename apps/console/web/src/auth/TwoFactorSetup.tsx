import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { consoleApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import { TextField } from '../ui/Field';
import { ErrorNotice, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { ROLE_LABELS } from './permissions';
import { useSession } from './session';

/** Your account, and turning on a second factor: add the key to an authenticator app, then prove it with one code. */
export default function TwoFactorSetup() {
  const { staff, session, started } = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const start = useMutation({ mutationFn: () => unwrap(consoleApi.POST('/api/auth/totp/setup')) });
  const enable = useMutation({
    mutationFn: () => unwrap(consoleApi.POST('/api/auth/totp/enable', { body: { code } })),
    onSuccess: (signedIn) => {
      const required = session?.mustSetUpTotp;
      started(signedIn);
      if (required) void navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    enable.mutate();
  };
  if (!staff) return null;
  const error = enable.error instanceof ApiError ? enable.error : null;
  return (
    <>
      <PageHeader title="Your account" />
      {session?.mustSetUpTotp && (
        <Notice kind="warning">
          Your organisation requires two-factor sign-in for your role. Set it up below to use the console.
        </Notice>
      )}
      <dl className="details narrow">
        <dt>Name</dt>
        <dd>{staff.name || 'Not set'}</dd>
        <dt>Email</dt>
        <dd>{staff.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[staff.role]}</dd>
      </dl>
      <section aria-labelledby="totp-title" className="panel narrow">
        <h2 id="totp-title">Two-factor sign-in</h2>
        {session?.totpEnabled ? (
          <Notice kind="success">
            Two-factor sign-in is on. You will be asked for a code from your authenticator app each time you
            sign in.
          </Notice>
        ) : !start.data ? (
          <>
            <p>
              Protect your account with a code from an authenticator app (such as Google Authenticator,
              Microsoft Authenticator or 1Password) as well as your password.
            </p>
            <ErrorNotice error={start.error} />
            <button
              type="button"
              className="primary"
              onClick={() => start.mutate()}
              disabled={start.isPending}
            >
              Set up two-factor sign-in
            </button>
          </>
        ) : (
          <>
            <ol className="steps">
              <li>
                <p>Open your authenticator app, choose to add an account, and scan this QR code.</p>
                <img
                  className="qr-code"
                  src={start.data.qrCode}
                  alt="QR code to scan with your authenticator app"
                  width={200}
                  height={200}
                />
                <p>
                  Cannot scan it? Choose to enter a setup key instead, and type this key:{' '}
                  <code className="secret">{start.data.secret.replace(/(.{4})/g, '$1 ').trim()}</code>. On a
                  phone with the app, you can <a href={start.data.otpauthUrl}>open it in the app</a>.
                </p>
              </li>
              <li>
                <p>Type the 6-digit code the app then shows.</p>
              </li>
            </ol>
            {enable.error && !error?.forField('code') && error?.code !== 'TOTP_CODE_WRONG' && (
              <ErrorNotice error={enable.error} />
            )}
            <form onSubmit={submit} noValidate>
              <TextField
                label="6-digit code"
                className="input-short"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(event) => setCode(event.target.value.replace(/\D/g, ''))}
                error={
                  error?.forField('code') ?? (error?.code === 'TOTP_CODE_WRONG' ? error.message : undefined)
                }
              />
              <div className="actions">
                <button type="submit" className="primary" disabled={enable.isPending}>
                  Turn on two-factor sign-in
                </button>
              </div>
            </form>
          </>
        )}
      </section>
    </>
  );
}
