import { useState } from 'react';
import { TextField } from '../ui/Field';
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT, repeatProblem } from './password-rules';

/** The state of a choose-a-password form: the password, its repeat, and whether it was sent too short. */
export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [tooShort, setTooShort] = useState(false);
  /** Shows the length problem, if any; true when the password is long enough and repeated alike. */
  const check = () => {
    const short = password.length < MIN_PASSWORD_LENGTH;
    setTooShort(short);
    return !short && !repeatProblem(password, repeat);
  };
  return { password, repeat, setPassword, setRepeat, tooShort, check };
}

export type NewPassword = ReturnType<typeof useNewPassword>;

/** "New password" and "Repeat the password"; `error` is the server's message for the password, if any. */
export function NewPasswordFields({ state, error }: { state: NewPassword; error?: string | undefined }) {
  return (
    <>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_HINT}
        value={state.password}
        onChange={(event) => state.setPassword(event.target.value)}
        error={state.tooShort ? `Use at least ${MIN_PASSWORD_LENGTH} characters.` : error}
      />
      <TextField
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        value={state.repeat}
        onChange={(event) => state.setRepeat(event.target.value)}
        error={repeatProblem(state.password, state.repeat)}
      />
    </>
  );
}
