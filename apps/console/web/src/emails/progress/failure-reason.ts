/**
 * SendGrid's words from a failed batch's reason, which the mailer stores as
 * `SendGrid rejected the request (400): {"errors":[{"message":"…"}]}`: the messages alone when
 * they can be found, the reason as stored otherwise.
 */
export function readableReason(reason: string): string {
  const json = reason.indexOf('{');
  if (json < 0) return reason;
  try {
    const body = JSON.parse(reason.slice(json)) as { errors?: { message?: unknown }[] };
    const messages = (body.errors ?? [])
      .map((error) => error.message)
      .filter((message): message is string => typeof message === 'string' && message !== '');
    return messages.length > 0 ? messages.join('; ') : reason;
  } catch {
    return reason;
  }
}
