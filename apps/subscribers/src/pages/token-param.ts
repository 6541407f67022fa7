const MAX_TOKEN_LENGTH = 200;

/** The `token` query parameter when it is one plausible string; repeated or huge values are refused. */
export function tokenParam(query: Record<string, unknown>): string | null {
  const token = query.token;
  return typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH ? token : null;
}
