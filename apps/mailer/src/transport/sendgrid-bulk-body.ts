import { type BulkMail, type MailTracking, SUBSTITUTION_WRAPPERS } from './mail-transport';

/**
 * The v3 mail-send body of a bulk mail as JSON text, serialised once here: the SDK's HTTP client
 * (axios) would otherwise serialise the object and then JSON.parse the megabyte again to check it
 * before sending it, which cost more than the serialising. One JSON.stringify of the whole tree is
 * also cheaper than writing it piece by piece (a call per value).
 */
export function sendGridBulkBody(mail: BulkMail, tracking: MailTracking): string {
  const [left, right] = SUBSTITUTION_WRAPPERS;
  const wrap = (substitutions: Record<string, string>): Record<string, string> => {
    const wrapped: Record<string, string> = {};
    for (const key in substitutions) wrapped[`${left}${key}${right}`] = substitutions[key]!;
    return wrapped;
  };
  return JSON.stringify({
    personalizations: mail.recipients.map((recipient) => ({
      to: [{ email: recipient.email }],
      substitutions: wrap(recipient.substitutions),
      custom_args: recipient.customArgs,
      headers: recipient.headers,
    })),
    from: mail.from,
    ...(mail.replyTo ? { reply_to: { email: mail.replyTo } } : {}),
    subject: mail.subject,
    content: [
      { type: 'text/plain', value: mail.text },
      { type: 'text/html', value: mail.html },
    ],
    categories: mail.categories,
    tracking_settings: {
      open_tracking: { enable: tracking.opens },
      click_tracking: { enable: tracking.clicks },
    },
    ...(mail.schedule && {
      batch_id: mail.schedule.batchId,
      send_at: Math.ceil(mail.schedule.sendAt.getTime() / 1_000),
    }),
  });
}
