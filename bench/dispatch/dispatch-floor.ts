import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { prebuiltPayload } from './bare-loop';

export interface DispatchFloor {
  /** Freezing the segment's members into a ledger that holds nothing but its unique key. */
  freeze: number;
  /** Building one 1,000-recipient request body per batch (the bare loop reuses a single one). */
  build: number;
}

const timed = async (work: () => unknown): Promise<number> => {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
};

/**
 * Two parts of a dispatch that no mailer can skip and the bare loop never pays, each measured on
 * its own at its cheapest: the recipients frozen by one INSERT … SELECT (issue 6's design) into
 * a two-column table with only the (campaign, supporter) key, and the request bodies built. The
 * freeze must end before the first batch goes; added to the bare loop's time (the posting every
 * dispatch also pays) it bounds how fast any dispatch can be, whatever the mailer does about
 * reading, rendering or recording. Building could overlap the posting, so it is reported beside.
 */
export async function measureDispatchFloor(url: string, recipients: number): Promise<DispatchFloor> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // A run killed midway leaves the table behind.
    await client.query('DROP TABLE IF EXISTS bench_floor_ledger');
    await client.query(
      'CREATE TABLE bench_floor_ledger (campaign_id uuid, supporter_id uuid, PRIMARY KEY (campaign_id, supporter_id))',
    );
    const freeze = await timed(() =>
      client.query(
        `INSERT INTO bench_floor_ledger SELECT $1::uuid, id FROM supporters WHERE 'bench' = ANY (tags)`,
        [randomUUID()],
      ),
    );
    const build = await timed(() => {
      for (let batch = 0; batch < Math.ceil(recipients / 1_000); batch += 1) prebuiltPayload(1_000);
    });
    return { freeze, build };
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_floor_ledger');
    await client.end();
  }
}
