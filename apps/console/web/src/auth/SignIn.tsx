import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { consoleApi, unwrap } from '../api/clients';
import { ApiError, messageOf } from '../api/errors';
import { TextField } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { AuthFrame } from './AuthFrame';
import { useSession } from './session';

/** A login answer that asks for the authenticator code (the console names it by code or message). */
const needsCode = (error: unknown): boolean =>
  error instanceof ApiError &&
  /totp|two.?factor|2fa|authenticator/i.test(`${error.code ?? ''} ${error.message}`);

const minutes = (seconds: number): string => {
  const whole = Math.max(1, Math.ceil(seconds / 60));
  return whole === 1 ? '1 minute' : `${whole} minutes`;
};

export function SignIn() {
  const { started } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askCode, setAskCode] = useState(false);
  const login = useMutation({
    mutationFn: () =>
      unwrap(consoleApi.POST('/api/auth/login', { body: { email, password, ...(askCode ? { totp } : {}) } })),
    onSuccess: (session) => {
      started(session);
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
    },
    onError: (error) => {
      if (needsCode(error)) setAskCode(true);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  const error = login.error;
  const locked = error instanceof ApiError && error.status === 429;
  const codeAsked = askCode && needsCode(error) && !totp;

  return (
    <AuthFrame title="Sign in">
      {error && !codeAsked && (
        <Notice kind="error">
          {locked
            ? `Too many failed sign-ins. For your security, signing in is paused${
                error.retryAfterSeconds ? ` for ${minutes(error.retryAfterSeconds)}` : ''
              }. Try again later, or reset your password.`
            : messageOf(error)}
        </Notice>
      )}
      {codeAsked && <Notice>Enter the 6-digit code from your authenticator app.</Notice>}
      <form onSubmit={submit} noValidate>
        <TextField
          label="Email address"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={error instanceof ApiError ? error.forField('email') : undefined}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={error instanceof ApiError ? error.forField('password') : undefined}
        />
        {askCode && (
          <TextField
            label="Authentication code"
            hint="The 6-digit code your authenticator app shows for Supporter CRM."
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            value={totp}
            onChange={(event) => setTotp(event.target.value.replace(/\D/g, ''))}
            error={error instanceof ApiError ? error.forField('totp') : undefined}
          />
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
          <Link to="/reset-password">Forgotten your password?</Link>
        </div>
      </form>
    </AuthFrame>
  );
}
