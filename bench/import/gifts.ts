import { chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueKeyPrefix, QueueProducer, redisOptionsFromUrl, subscribersEventsQueue } from '@crm/queues';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { GiftsImporter } from '../../apps/donations/src/gifts-import/gifts-importer';
import { OfflineDonors } from '../../apps/donations/src/offline-gifts/offline-donors';
import { writeGiftsCsv } from './gifts-csv';
import { measure, withCpu } from './measure';

const SEED_CHUNK = 50_000;

/**
 * The gifts case of `bench:import`: a generated plain-layout gifts CSV through the real import
 * (donor lookup, keyed insert with the `supporter_giving` triggers, progress, `record-donor` jobs
 * on a real queue for new donors) into the same database, against `COPY` of the same file into a
 * bare table. Needs the supporters the first case imported (seeds them by SQL when run alone).
 */
export async function benchGiftsImport(dataSource: DataSource, rows: number): Promise<string[]> {
  const path = join(tmpdir(), `crm-bench-gifts-${process.pid}.csv`);
  const [{ known }] = (await dataSource.query(`SELECT count(*)::int AS known FROM supporters`)) as {
    known: number;
  }[];
  // In chunks: one statement for a million (with the search index) outlasts the statement timeout.
  for (let from = 0; known === 0 && from < rows; from += SEED_CHUNK) {
    await dataSource.query(
      `INSERT INTO supporters (email, email_normalised, first_name, last_name, source)
       SELECT 'person' || n || '@example.org', 'person' || n || '@example.org', 'First' || n, 'Last' || n, 'bench'
         FROM generate_series($1::int, $2::int - 1) AS n`,
      [from, Math.min(rows, from + SEED_CHUNK)],
    );
  }
  const supporters = known || rows;
  process.stdout.write(`Generating ${rows.toLocaleString('en-GB')} gift rows into ${path}\n`);
  const file = await writeGiftsCsv(path, rows, supporters);
  await chmod(path, 0o644);
  const queue = new Queue(subscribersEventsQueue.name, {
    connection: redisOptionsFromUrl(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    prefix: queueKeyPrefix(`bench-gifts-${process.pid}`),
  });
  try {
    await dataSource.query(
      `CREATE TABLE bare_gifts (date text, amount text, email text, first_name text, last_name text,
         method text, campaign text, reference text, gift_aid text)`,
    );
    const copy = await measure(() =>
      dataSource.query(`COPY bare_gifts FROM '${path.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`),
    );
    const [{ id }] = (await dataSource.query(
      `INSERT INTO donation_imports (status, layout, file_path, original_name) VALUES ('queued', 'plain', $1, 'bench.csv') RETURNING id`,
      [path],
    )) as { id: string }[];
    const donors = new OfflineDonors(new QueueProducer(subscribersEventsQueue, queue));
    const importer = new GiftsImporter(dataSource, donors, { currencies: ['gbp'], defaultCurrency: 'gbp' });
    const imported = await withCpu(dataSource, () => importer.run(id));
    const { pgSeconds, nodeSeconds } = imported;
    const [run] = (await dataSource.query(
      `SELECT status, rows_imported, rows_failed, rows_duplicate FROM donation_imports WHERE id = $1`,
      [id],
    )) as { status: string; rows_imported: number; rows_failed: number; rows_duplicate: number }[];
    if (run?.status !== 'completed' || run.rows_imported !== rows) {
      throw new Error(`Gifts import did not complete cleanly: ${JSON.stringify(run)}`);
    }
    const jobs = await queue.count();
    if (jobs !== file.unknownDonors) {
      throw new Error(`Expected ${file.unknownDonors} record-donor jobs for new donors, found ${jobs}`);
    }
    const importRate = rows / imported.seconds;
    const copyRate = rows / copy.seconds;
    return [
      `gift rows                ${rows.toLocaleString('en-GB')} (${file.unknownDonors.toLocaleString('en-GB')} new donors queued)`,
      `gifts import (real path) ${imported.seconds.toFixed(1)} s  ${Math.round(importRate).toLocaleString('en-GB')} rows/s  peak RSS ${imported.peakRssMb.toFixed(0)} MB (${imported.startRssMb.toFixed(0)} MB at its start)`,
      `COPY into a bare table   ${copy.seconds.toFixed(1)} s  ${Math.round(copyRate).toLocaleString('en-GB')} rows/s`,
      `CPU of the import        PostgreSQL ${pgSeconds.toFixed(1)} s (its connections), Node ${nodeSeconds.toFixed(1)} s: ${((pgSeconds + nodeSeconds) / (rows / 1e6)).toFixed(1)} CPU-s per million rows, whatever the host's load`,
      `ratio import / COPY      ${(importRate / copyRate).toFixed(2)} (COPY is ${(copyRate / importRate).toFixed(1)}x faster)`,
    ];
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await rm(path, { force: true });
  }
}
