import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const HEADER = 'date,amount,email,first_name,last_name,method,campaign,reference,gift_aid';
const METHODS = ['cheque', 'cash', 'bank_transfer', 'standing_order', 'card_offline', 'other'];
const CAMPAIGNS = ['Winter Appeal', 'Spring Appeal', 'Harvest', 'Marathon', ''];
const CHUNK_ROWS = 2000;
const DAY_MS = 86_400_000;

/** What a generated gifts file holds, for the bench to check the import against. */
export interface GiftsCsvSummary {
  rows: number;
  /** Rows whose donor is not among the `known` supporters: each is a record-donor job. */
  unknownDonors: number;
}

/**
 * A plain-layout gifts CSV of any size, written with back-pressure. Donors are mostly the bench's
 * supporters (`person<n>@example.org`, n < known), spread over them; every 50th row is a new donor
 * and every 20th an anonymous bank transfer with its reference. Dates cover the three years before
 * `today`, in both accepted spellings. Deterministic.
 */
export async function writeGiftsCsv(
  path: string,
  rows: number,
  known: number,
  today = new Date(),
): Promise<GiftsCsvSummary> {
  const out = createWriteStream(path);
  let chunk: string[] = [HEADER];
  let unknownDonors = 0;
  const start = today.getTime() - 3 * 365 * DAY_MS;
  for (let i = 0; i < rows; i++) {
    const day = new Date(start + (i % (3 * 365)) * DAY_MS);
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    const date =
      i % 2 === 0
        ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
        : `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
    const amount = `${5 + (i % 196)}.${String((i * 7) % 100).padStart(2, '0')}`;
    const campaign = CAMPAIGNS[i % CAMPAIGNS.length]!;
    let line: string;
    if (i % 20 === 19) {
      line = `${date},${amount},,,,bank_transfer,${campaign},BACS-${i},no`;
    } else {
      const newDonor = i % 50 === 49;
      if (newDonor) unknownDonors++;
      const n = (i * 7919) % known;
      const email = newDonor ? `newdonor${i}@example.org` : `person${n}@example.org`;
      const method = METHODS[i % METHODS.length]!;
      const reference = method === 'cheque' ? `CHQ-${i}` : '';
      line = `${date},${amount},${email},First${n},Last${n},${method},${campaign},${reference},${i % 3 === 0 ? 'yes' : 'no'}`;
    }
    chunk.push(line);
    if (chunk.length >= CHUNK_ROWS) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.length > 0 ? `${chunk.join('\n')}\n` : '');
  await once(out, 'finish');
  return { rows, unknownDonors };
}
