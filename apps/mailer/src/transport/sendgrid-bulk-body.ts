import type { BodyBufferPool } from './body-buffer-pool';
import {
  type BulkMail,
  type BulkRecipient,
  type MailTracking,
  SUBSTITUTION_WRAPPERS,
} from './mail-transport';

/** Room for a recipient's personalization before it is measured: grown when one needs more. */
const BYTES_A_RECIPIENT = 768;
const PERSONALIZATIONS = '"personalizations":[]';
/** Characters of personalizations joined before they are written to the buffer. */
const FLUSH_AT = 32_768;

const json = JSON.stringify;

/**
 * Writes personalizations as JSON.stringify would, each key's JSON (`"[%m0t%]":`) made once per
 * body: a batch's recipients share their keys.
 */
class PersonalizationWriter {
  private readonly wrappedKeys = new Map<string, string>();
  private readonly plainKeys = new Map<string, string>();

  /** One personalization, byte for byte what JSON.stringify makes of `{ to, substitutions, custom_args, headers }`. */
  write(recipient: BulkRecipient): string {
    return (
      `{"to":[{"email":${quoted(recipient.email)}}],"substitutions":${this.record(recipient.substitutions, this.wrappedKeys, true)},` +
      `"custom_args":${this.record(recipient.customArgs, this.plainKeys, false)},"headers":${this.record(recipient.headers, this.plainKeys, false)}}`
    );
  }

  /** `{"k":"v",…}` of a record of strings (keys in insertion order, as JSON.stringify takes them). */
  private record(record: Record<string, string>, keys: Map<string, string>, wrap: boolean): string {
    let out = '';
    for (const key in record) {
      let written = keys.get(key);
      if (written === undefined) {
        const [left, right] = SUBSTITUTION_WRAPPERS;
        written = `${json(wrap ? `${left}${key}${right}` : key)}:`;
        keys.set(key, written);
      }
      out += `${out === '' ? '{' : ','}${written}${quoted(record[key]!)}`;
    }
    return out === '' ? '{}' : `${out}}`;
  }
}

/** What JSON.stringify would escape in a string: `"`, `\`, control characters and (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as JSON: most values (links, tokens, ids, plain names and addresses) need no escaping
 * and are quoted as they are; the rest go through JSON.stringify.
 */
const quoted = (value: string): string => (NEEDS_ESCAPING.test(value) ? json(value) : `"${value}"`);

/**
 * The v3 mail-send body of a bulk mail as UTF-8 bytes, the exact text JSON.stringify would make of
 * the request object, written recipient by recipient into one buffer as the recipients are made:
 * no object per personalization, no megabyte string, no copy of it into a Buffer (the SDK's client
 * posts a Buffer as it is). Everything but the personalizations is one JSON.stringify, split where
 * the empty list stands.
 */
export async function sendGridBulkBody(
  mail: BulkMail,
  tracking: MailTracking,
  memory?: BodyBufferPool,
): Promise<Buffer> {
  const envelope = json({
    personalizations: [],
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
  const split = envelope.indexOf(PERSONALIZATIONS) + PERSONALIZATIONS.length - 1;
  const head = envelope.slice(0, split);
  const tail = envelope.slice(split);
  const estimate = Buffer.byteLength(envelope) + mail.recipients.length * BYTES_A_RECIPIENT;
  let body = memory ? memory.take(estimate) : Buffer.allocUnsafe(estimate);
  let at = body.write(head, 0);
  // Personalizations are joined a few dozen at a time and written together: one flattening and
  // one encoding call for each run of them rather than for each recipient.
  let pending = '';
  const flush = (): void => {
    // A UTF-16 code unit is at most three UTF-8 bytes (write() would cut a text short silently),
    // so the exact length is measured only when that bound does not fit.
    if (at + pending.length * 3 > body.length) {
      const needed = at + Buffer.byteLength(pending);
      if (needed > body.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(body.length * 2, needed));
        body.copy(grown, 0, 0, at);
        body = grown;
      }
    }
    at += body.write(pending, at);
    pending = '';
  };
  const personalizations = new PersonalizationWriter();
  let first = true;
  await mail.recipients.each((recipient) => {
    const personalization = personalizations.write(recipient);
    pending += first ? personalization : `,${personalization}`;
    first = false;
    if (pending.length >= FLUSH_AT) flush();
  });
  pending += tail;
  flush();
  // A view of the bytes written (subarray() is a plain Uint8Array inside a test realm).
  return Buffer.from(body.buffer, body.byteOffset, at);
}
