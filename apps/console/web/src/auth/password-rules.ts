/** The console's password rule, shown before the person types (the server checks it too). */
export const PASSWORD_HINT =
  'At least 12 characters. A short sentence you will remember works well; common passwords are refused.';
export const MIN_PASSWORD_LENGTH = 12;

export const repeatProblem = (password: string, repeat: string): string | undefined =>
  repeat && password !== repeat ? 'The two passwords are different.' : undefined;
