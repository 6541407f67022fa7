import type { ImportRowError } from '@crm/entities';
import { runSql, sql, type SqlExecutor } from '@crm/sql';
import type { EntityManager } from 'typeorm';
import { STAGE_TABLE } from './gift-staging';

/** Per-row errors kept for display; counts stay exact beyond it. */
const MAX_STORED_ERRORS = sql.raw(String(10_000));

/**
 * As the supporter import: a lost commit loses its progress too, and the retried job replays the
 * file. A 50,000-row chunk's insert takes a few seconds, up to 15 s on a loaded bench host: it is
 * given 5 minutes instead of the pool's 60 s statement timeout, so load alone cannot fail an import.
 */
export async function useBatchWriteSettings(manager: EntityManager): Promise<void> {
  await runSql(manager, sql`SET LOCAL synchronous_commit = off`);
  await runSql(manager, sql`SET LOCAL jit = off`);
  await runSql(manager, sql`SET LOCAL statement_timeout = '5min'`);
}

/** As for an offline gift (offline-gifts.queries `keptSupporter`): longer chains are refused. */
const MAX_MERGE_HOPS = 32;

/**
 * Replaces each staged supporter id naming a record merged into another with the record kept,
 * following chains of merges, so the gift lands where the merge moved the donor's other gifts.
 * Every record read is locked FOR KEY SHARE in the chunk's transaction, as a single offline gift
 * does: a merge in progress (it locks both records FOR UPDATE) is waited for and then followed, and
 * one begun later waits for this chunk to commit, after which its job moves these gifts too. KEY
 * SHARE lets ordinary updates of these supporters go on meanwhile, and taking the locks in id order,
 * as a merge does, keeps the two from deadlocking.
 */
export async function followMergedSupporters(manager: EntityManager): Promise<void> {
  const stage = sql.raw(STAGE_TABLE);
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop += 1) {
    const { rowCount } = await runSql(
      manager,
      sql`WITH named AS (
             SELECT s.id, s.merged_into_id FROM supporters s
              WHERE s.id IN (SELECT named_id FROM ${stage} WHERE named_id IS NOT NULL)
              ORDER BY s.id FOR KEY SHARE
           )
         UPDATE ${stage} g SET named_id = named.merged_into_id
           FROM named WHERE g.named_id = named.id AND named.merged_into_id IS NOT NULL`,
    );
    if (rowCount === 0) return;
  }
  throw new Error(`a supporter id in the file has more than ${MAX_MERGE_HOPS} merges chained`);
}

/** A gift added whose donor the subscribers app still has to find or create. */
export interface UnlinkedInsert {
  id: string;
  email: string;
  donor_name: string | null;
}

/**
 * Inserts the gifts staged in `STAGE_TABLE` (gift-staging.ts) in one statement, giving each its
 * supporter as a set: the id the file names (a row naming an id no supporter has is not inserted;
 * its line is answered), else the supporter with its email address, if any, found by one join for
 * the whole chunk. A gift whose key is already recorded (an earlier upload, or a repeat inside the
 * file) adds nothing. Answers how many were added and those still without a supporter. A gift with
 * a supporter is marked notified: there is no one to tell. Ids were made time-ordered (UUIDv7) by
 * the importer, so each chunk appends to the primary key's index instead of dirtying a random page
 * of it per row. The unknown lines are read in the same statement, so from the same snapshot as the
 * insert's own join.
 */
export async function insertStagedGifts(
  manager: EntityManager,
  importId: string,
  recordedBy: string | null,
  hasNamedIds: boolean,
): Promise<{ added: number; unknownSupporterLines: number[]; unlinked: UnlinkedInsert[] }> {
  const stage = sql.raw(STAGE_TABLE);
  const { rows } = await runSql<{ added: number; unknown_lines: number[]; unlinked: UnlinkedInsert[] }>(
    manager,
    sql`WITH added AS (
           INSERT INTO donations (id, supporter_id, email, donor_name, amount, currency, frequency, status, campaign,
             paid_at, method, reference, gift_aid_applies, import_key, import_id, recorded_by, notified_at)
           SELECT g.id, COALESCE(g.named_id, by_address.id), g.email, g.donor_name, g.amount, g.currency, g.frequency,
             'succeeded', g.campaign, g.paid_at, g.method, g.reference, g.gift_aid, g.import_key,
             ${sql.typed(importId, 'uuid')}, ${recordedBy},
             CASE WHEN g.named_id IS NOT NULL OR by_address.id IS NOT NULL OR g.email IS NULL THEN now() END
             FROM ${stage} g
             LEFT JOIN supporters by_address ON g.named_id IS NULL AND by_address.email_normalised = g.normalised
            WHERE g.named_id IS NULL OR EXISTS (SELECT FROM supporters named WHERE named.id = g.named_id)
            ORDER BY g.line -- of two rows with one key, the first in the file is the gift kept
           ON CONFLICT (import_key) WHERE import_key IS NOT NULL DO NOTHING
           RETURNING id, email, donor_name, supporter_id
         )
       SELECT (SELECT count(*)::int FROM added) AS added,
              ${
                hasNamedIds
                  ? sql`ARRAY(SELECT line FROM ${stage} g
                               WHERE g.named_id IS NOT NULL
                                 AND NOT EXISTS (SELECT FROM supporters named WHERE named.id = g.named_id)
                               ORDER BY line)`
                  : sql`'{}'::int[]`
              } AS unknown_lines,
              (SELECT COALESCE(json_agg(json_build_object('id', id, 'email', email, 'donor_name', donor_name)), '[]')
                 FROM added WHERE supporter_id IS NULL AND email IS NOT NULL) AS unlinked`,
  );
  const [outcome] = rows;
  if (!outcome) throw new Error('the gifts insert answered no row');
  return { added: outcome.added, unknownSupporterLines: outcome.unknown_lines, unlinked: outcome.unlinked };
}

/** Gifts of this import added by an earlier attempt whose donors were never handed over. */
export async function unannouncedGifts(db: SqlExecutor, importId: string): Promise<UnlinkedInsert[]> {
  const { rows } = await runSql<UnlinkedInsert>(
    db,
    sql`SELECT id, email, donor_name FROM donations
         WHERE import_id = ${sql.typed(importId, 'uuid')} AND notified_at IS NULL AND supporter_id IS NULL AND email IS NOT NULL`,
  );
  return rows;
}

export interface BatchProgress {
  rows: number;
  imported: number;
  duplicate: number;
  errors: ImportRowError[];
}

/** Adds a written batch to the import's counters and stored errors, in the batch's transaction. */
export async function addBatchProgress(
  manager: EntityManager,
  importId: string,
  progress: BatchProgress,
): Promise<void> {
  await runSql(
    manager,
    sql`UPDATE donation_imports
          SET rows_done = rows_done + ${progress.rows}, rows_imported = rows_imported + ${progress.imported},
              rows_duplicate = rows_duplicate + ${progress.duplicate}, rows_failed = rows_failed + ${progress.errors.length},
              errors = CASE WHEN jsonb_array_length(errors) < ${MAX_STORED_ERRORS} THEN errors || ${sql.typed(JSON.stringify(progress.errors), 'jsonb')} ELSE errors END
          WHERE id = ${sql.typed(importId, 'uuid')}`,
  );
}

/** Ends an import; a completed one's total becomes the rows actually read. */
export async function finishImport(
  db: SqlExecutor,
  importId: string,
  status: 'completed' | 'failed',
  errors: ImportRowError[],
): Promise<void> {
  await runSql(
    db,
    sql`UPDATE donation_imports
          SET status = ${status}, finished_at = now(), errors = errors || ${sql.typed(JSON.stringify(errors), 'jsonb')},
              total_rows = ${status === 'completed' ? sql`rows_done` : sql`total_rows`}
        WHERE id = ${sql.typed(importId, 'uuid')}`,
  );
}

/** Marks an unfinished import failed after its job gave up; the file to delete, if it was unfinished. */
export const failUnfinishedImport = async (db: SqlExecutor, importId: string): Promise<string[]> =>
  (
    await runSql<{ file_path: string }>(
      db,
      sql`UPDATE donation_imports SET status = 'failed', finished_at = now(),
              errors = errors || '[{"line": 0, "message": "the import stopped after repeated errors"}]'::jsonb
        WHERE id = ${sql.typed(importId, 'uuid')} AND status IN ('queued', 'running')
        RETURNING file_path`,
    )
  ).rows.map((row) => row.file_path);
