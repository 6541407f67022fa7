import { type BulkMail, type MailTracking, SUBSTITUTION_WRAPPERS } from './mail-transport';

const json = JSON.stringify;

/**
 * The v3 mail-send body of a bulk mail, as JSON text written recipient by recipient: the same JSON
 * as `JSON.stringify` of the request object, without building a second object per recipient (with
 * its substitution keys wrapped) only to serialise it, and without the SDK's HTTP client parsing
 * the text again to check it (a 1,000-recipient body is a megabyte).
 */
export function sendGridBulkBody(mail: BulkMail, tracking: MailTracking): string {
  const [left, right] = SUBSTITUTION_WRAPPERS;
  const keys = new Map<string, string>();
  const wrappedKey = (key: string): string => {
    let wrapped = keys.get(key);
    if (wrapped === undefined) {
      wrapped = json(`${left}${key}${right}`);
      keys.set(key, wrapped);
    }
    return wrapped;
  };
  const personalizations: string[] = [];
  for (const recipient of mail.recipients) {
    let substitutions = '';
    for (const key in recipient.substitutions) {
      substitutions += `${substitutions ? ',' : ''}${wrappedKey(key)}:${json(recipient.substitutions[key])}`;
    }
    personalizations.push(
      `{"to":[{"email":${json(recipient.email)}}],"substitutions":{${substitutions}},` +
        `"custom_args":${json(recipient.customArgs)},"headers":${json(recipient.headers)}}`,
    );
  }
  const rest = json({
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
  return `{"personalizations":[${personalizations.join(',')}],${rest.slice(1)}`;
}
