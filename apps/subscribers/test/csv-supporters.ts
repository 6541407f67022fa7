import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export type SupporterCsvFormat = 'plain' | 'mailchimp';

export interface SupporterCsvOptions {
  rows: number;
  format?: SupporterCsvFormat;
  /** Every `badEvery`-th data row is unusable (bad or empty email, wrong field count); 0 for none. */
  badEvery?: number;
  /** Mailchimp only: whether rows carry opt-in times (consent evidence). */
  withConsent?: boolean;
  /** Addresses are `<prefix><n>@example.org`. */
  emailPrefix?: string;
}

export interface SupporterCsvSummary {
  rows: number;
  /** File line numbers (header = 1) of the unusable rows. */
  badLines: number[];
  goodRows: number;
}

const MAILCHIMP_HEADER =
  'Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LAST_CHANGED,TAGS';
const PLAIN_HEADER = 'email,first_name,last_name,tags';
const BAD_EMAILS = ['not-an-email', '', 'someone@localhost'];
const CHUNK_ROWS = 2000;

function plainRow(email: string, n: number): string {
  return `${email},First${n},Last${n},tag${n % 5};common`;
}

function mailchimpRow(email: string, n: number, withConsent: boolean): string {
  const optIn = withConsent ? `2024-03-0${(n % 9) + 1} 10:15:00,192.0.2.${n % 250}` : ',';
  return `${email},First${n},Last${n},2,${optIn},,,2024-05-01 00:00:00,"""tag${n % 5}"",""common"""`;
}

/**
 * Writes a supporter CSV of any size to disk with back-pressure (a million rows never sit in
 * memory), for the import tests and benchmark. Deterministic: the same options give the same file.
 */
export async function writeSupporterCsv(
  path: string,
  options: SupporterCsvOptions,
): Promise<SupporterCsvSummary> {
  const { rows, format = 'plain', badEvery = 0, withConsent = true, emailPrefix = 'person' } = options;
  const out = createWriteStream(path);
  const badLines: number[] = [];
  let chunk: string[] = [format === 'plain' ? PLAIN_HEADER : MAILCHIMP_HEADER];
  for (let n = 0; n < rows; n++) {
    const bad = badEvery > 0 && n % badEvery === badEvery - 1;
    let email = `${emailPrefix}${n}@example.org`;
    if (bad) {
      badLines.push(n + 2);
      email = BAD_EMAILS[badLines.length % BAD_EMAILS.length]!;
    }
    const line = format === 'plain' ? plainRow(email, n) : mailchimpRow(email, n, withConsent);
    // Every third bad row has the right email but an extra field instead.
    chunk.push(
      bad && badLines.length % 3 === 0 ? `${plainRow(`${emailPrefix}${n}@example.org`, n)},extra` : line,
    );
    if (chunk.length >= CHUNK_ROWS) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.length > 0 ? `${chunk.join('\n')}\n` : '');
  await once(out, 'finish');
  return { rows, badLines, goodRows: rows - badLines.length };
}
