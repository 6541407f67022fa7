import { runSql, runSqlOne, sql, type Sql, type SqlExecutor } from '@crm/sql';
import { mailableForTopic } from '@crm/segments';
import { AFTER_SENT } from '../campaigns/campaign-stats.service';

/**
 * The dispatch statements that need PostgreSQL: freezing a campaign's recipients and planning its
 * batches, the batch ledger's guarded moves, requeues, recurring runs. Plain reads and single-row
 * updates go through the repositories in the services. The per-batch statements (claim, skip,
 * eligibility, mark sent, finish) are the hot path of a send: one round trip each.
 */

/**
 * A recipient of a claimed batch, as its ledger row has them: the rows the driver makes are
 * used as they are, camel-cased by the statements, so a batch makes one object a recipient.
 */
export interface QueuedRecipient {
  id: string;
  supporterId: string;
  /** Null once the supporter was erased. */
  email: string | null;
  firstName: string | null;
}

/** A claimed batch answers one row per queued recipient, or one row of nulls when none is queued. */
type ClaimedRow = (QueuedRecipient | { id: null; supporterId: null; email: null; firstName: null }) & {
  resumed: boolean;
};

// ---- Starting a campaign -------------------------------------------------------------------

/** The start job gave up before planning anything: the campaign fails (nothing went), and says so. */
export async function failUnplannedCampaign(db: SqlExecutor, campaignId: string): Promise<boolean> {
  const { rows } = await runSql<{ id: string }>(
    db,
    sql`WITH finished AS (
         UPDATE campaigns SET status = 'failed', finished_at = now(), updated_at = now()
          WHERE id = ${campaignId} AND status IN ('scheduled', 'sending')
            AND NOT EXISTS (SELECT 1 FROM campaign_batches WHERE campaign_id = ${campaignId})
          RETURNING id, name, status, finished_at),
       noted AS (${noteFinished()})
       SELECT id FROM finished`,
  );
  return rows.length > 0;
}

/**
 * The notification of a campaign that has just finished (the rows of a `finished` CTE: id, name,
 * status, finished_at), in the same statement: sent (with the recipients SendGrid accepted) or
 * failed, once per finish.
 */
const noteFinished = (): Sql =>
  sql`INSERT INTO campaign_notifications (kind, campaign_id, campaign_name, people, occurrence)
      SELECT f.status, f.id, f.name,
             CASE WHEN f.status = 'sent' THEN
               (SELECT coalesce(sum(k.n), 0)::int FROM campaign_recipient_counts k
                 WHERE k.campaign_id = f.id AND k.status = ANY(${sql.typed([...AFTER_SENT], 'text[]')}))
             ELSE 0 END,
             'finished ' || (extract(epoch FROM f.finished_at) * 1000000)::bigint
        FROM finished f WHERE f.status IN ('sent', 'failed')
      ON CONFLICT (campaign_id, kind, occurrence) DO NOTHING`;

/**
 * A batch of the campaign has just become failed or uncertain: the campaign needs a person, said
 * once per round (a round ends when staff retry or resend, which plans requeued batches).
 */
export async function noteNeedsAttention(tx: SqlExecutor, campaignId: string): Promise<void> {
  await runSql(
    tx,
    sql`INSERT INTO campaign_notifications (kind, campaign_id, campaign_name, occurrence)
        SELECT 'needs_attention', c.id, c.name,
               'round ' || (SELECT count(*) FROM campaign_batches b WHERE b.campaign_id = c.id AND b.requeued)
          FROM campaigns c WHERE c.id = ${campaignId}
        ON CONFLICT (campaign_id, kind, occurrence) DO NOTHING`,
  );
}

/**
 * Freezing a million recipients outlasts the default statement timeout; it gets room in memory
 * to hash them instead of spilling to disk, and no JIT: the statement's cost estimate makes
 * PostgreSQL compile it with inlining and optimisation, over a second here, for a plan of index
 * lookups that compiled expressions barely speed up. All for the caller's transaction only.
 */
export async function allowLongFreeze(tx: SqlExecutor): Promise<void> {
  await runSql(tx, sql`SET LOCAL statement_timeout = '15min'`);
  await runSql(tx, sql`SET LOCAL work_mem = '256MB'`);
  await runSql(tx, sql`SET LOCAL jit = off`);
}

/**
 * Freezes the supporters matching `segment` who may be mailed now as the campaign's audience, keys
 * only, and plans their batches of `batchSize`, in one statement; answers how many batches it
 * planned. Each batch gets its supporter ids in order (`campaign_batch_members`) and its row in
 * `campaign_batches`, and the campaign's kept counts get all of them as `queued`. The ledger rows
 * themselves (`campaign_recipients`) are written per batch afterwards, by the claim that sends it:
 * the audience is this snapshot, whenever its rows are written.
 *
 * Recipients are numbered in supporter id order, and a recipient's id is the campaign id's first
 * half and that number (after the RFC 4122 variant digit `8`, so it is still a well-formed
 * UUID), so every index of the ledger receives its keys in ascending order. The campaign must
 * have no batches yet (its row locked by the caller's transaction), so the rows are numbered
 * 1..n without gaps.
 */
export async function freezeRecipients(
  tx: SqlExecutor,
  campaignId: string,
  batchSize: number,
  /** The segment's condition over supporters `s`. */
  segment: Sql,
  /** SOFT_OPT_IN: donors under the charity soft opt-in receive topics that allow it. */
  softOptIn: boolean,
): Promise<number> {
  const campaign = sql.typed(campaignId, 'uuid');
  const planned = await runSqlOne<{ batches: number }>(
    tx,
    sql`WITH m AS (
         SELECT s.id, s.email, s.first_name, row_number() OVER (ORDER BY s.id) AS n
           FROM supporters s
          WHERE (${segment})
            AND ${mailableForTopic('s', sql`(SELECT c.topic_id FROM campaigns c WHERE c.id = ${campaign})`, softOptIn, 'everyone')}),
       members AS (
         INSERT INTO campaign_batch_members (campaign_id, seq, first_number, supporter_ids, emails, first_names)
         SELECT ${campaign}, b.seq, min(b.n)::int, array_agg(b.id), array_agg(b.email), array_agg(b.first_name)
           FROM (SELECT m.*, ((m.n - 1) / ${batchSize})::int AS seq FROM m) AS b
          GROUP BY b.seq
         RETURNING seq, cardinality(supporter_ids) AS n),
       batches AS (
         INSERT INTO campaign_batches (campaign_id, seq, status, recipient_count)
         SELECT ${campaign}, seq, 'pending', n FROM members
         ON CONFLICT (campaign_id, seq) DO NOTHING
         RETURNING recipient_count),
       counted AS (
         INSERT INTO campaign_recipient_counts (campaign_id, status, n)
         SELECT ${campaign}, 'queued', sum(recipient_count) FROM batches HAVING count(*) > 0)
       SELECT count(*)::int AS batches FROM batches`,
  );
  return planned?.batches ?? 0;
}

/**
 * The ledger rows of the frozen batches `members` (a CTE of deleted `campaign_batch_members`
 * rows) as the CTE `added` (the rows written, with their status), with the counts kept right:
 * the freeze counted them `queued` already, so the rows' own count is taken back. Each row has
 * the address and name frozen with its supporter id (vetted at the start, as the rows were
 * before); anyone erased since the start is written without them, `skipped` (a few rows found
 * through the erasure time index), so an erasure never meets its person's address written after it.
 * A batch's ids follow its first number in the order of its arrays, which the three arrays share.
 * A supporter merged into another since the start is written as the record kept (as the merge
 * moved the rows already written). A supporter who already has a row of this campaign gets no
 * second one: the record kept and a duplicate merged into it may both be frozen (the freeze's
 * count of that batch is taken back whole, so counts stay exact).
 */
const ledgerRowsOf = (campaign: Sql, members: Sql): Sql =>
  sql`members AS (${members}),
      erased AS MATERIALIZED (
        SELECT s.id FROM supporters s
         WHERE s.erased_at >= (SELECT coalesce(c.started_at, '-infinity') FROM campaigns c WHERE c.id = ${campaign})),
      merged AS MATERIALIZED (
        SELECT s.id, s.merged_into_id FROM supporters s
         WHERE s.merged_into_id IS NOT NULL
           AND s.merged_at >= (SELECT coalesce(c.started_at, '-infinity') FROM campaigns c WHERE c.id = ${campaign})),
      added AS (
        INSERT INTO campaign_recipients (id, campaign_id, supporter_id, email, first_name, batch_seq, status)
        SELECT (substr(replace(${campaign}::text, '-', ''), 1, 16) || '8' || lpad(to_hex(m.first_number + u.k - 1), 15, '0'))::uuid,
               ${campaign}, coalesce(mg.merged_into_id, u.id),
               CASE WHEN e.id IS NULL THEN u.email END, CASE WHEN e.id IS NULL THEN u.first_name END, m.seq,
               CASE WHEN e.id IS NULL AND u.email IS NOT NULL THEN 'queued' ELSE 'skipped' END
          FROM members m
         CROSS JOIN LATERAL unnest(m.supporter_ids, m.emails, m.first_names) WITH ORDINALITY AS u(id, email, first_name, k)
          LEFT JOIN erased e ON e.id = u.id
          LEFT JOIN merged mg ON mg.id = u.id
        ON CONFLICT ON CONSTRAINT campaign_recipients_supporter_campaign_key DO NOTHING
        RETURNING id, supporter_id, email, first_name, status),
      counted AS (
        INSERT INTO campaign_recipient_counts (campaign_id, status, n)
        SELECT ${campaign}, 'queued', -sum(cardinality(m.supporter_ids)) FROM members m HAVING count(*) > 0)`;

/**
 * Fresh planner statistics of the ledger, in the caller's transaction. It gives up after a second
 * waiting for its lock (held by an anti-wraparound vacuum, say) rather than hold up the batch
 * whose claim runs it.
 */
export async function analyzeRecipients(tx: SqlExecutor): Promise<void> {
  await runSql(tx, sql`SET LOCAL lock_timeout = '1s'`);
  await runSql(tx, sql`ANALYZE campaign_recipients`);
}

/**
 * A run of a recurring campaign as a campaign of its own, unique per (parent, run minute): the
 * new instance's id, or null when this run exists already or the parent stopped repeating.
 */
export async function createRecurringInstance(
  db: SqlExecutor,
  parentId: string,
  runAt: Date,
): Promise<string | null> {
  const instance = await runSqlOne<{ id: string }>(
    db,
    sql`INSERT INTO campaigns (name, subject, html, markdown, from_name, reply_to, segment_id, topic_id, status,
                              scheduled_at, parent_campaign_id, track_opens, track_clicks)
       SELECT name || ' (' || to_char(${sql.typed(runAt, 'timestamptz')} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ')', subject, html,
              markdown, from_name, reply_to, segment_id, topic_id, 'scheduled', ${sql.typed(runAt, 'timestamptz')}, id,
              track_opens, track_clicks
         FROM campaigns WHERE id = ${parentId} AND cron IS NOT NULL AND status = 'scheduled'
       ON CONFLICT (parent_campaign_id, scheduled_at) WHERE parent_campaign_id IS NOT NULL DO NOTHING
       RETURNING id`,
  );
  return instance?.id ?? null;
}

// ---- The batch ledger (hot path) -----------------------------------------------------------

/** A batch this process claimed: who it goes to, and what its request carries. */
export interface ClaimedBatchRow {
  recipients: QueuedRecipient[];
  resumed: boolean;
  /** The campaign's SendGrid batch id when claimed (null: sent at once, MAIL_SEND_DELAY_MINUTES 0). */
  sendBatchId: string | null;
}

/**
 * Moves a pending batch of a sending campaign to `sending`, owned by the claim `token` until
 * `leaseSeconds` from now (renewed while its request is in flight), and answers its queued
 * recipients, whether it had been claimed or requeued before, and the campaign's SendGrid batch id
 * it now goes out with; null when the batch is not pending. The campaign row is share-locked, so
 * a claim either comes before a change of the campaign's batch id (and is seen by whoever cancels
 * the old one) or carries the new one.
 *
 * A batch whose ledger rows nobody wrote yet has them written by this statement (its
 * `campaign_batch_members` row deleted, so once). One written before (by an earlier claim of it,
 * released after a 429 or 5xx, or a resend) is read by a second statement after this one commits: its snapshot
 * sees rows committed while this one waited for the batch (the claim holds the lease by then, so
 * nobody else changes which recipients are queued).
 */
export async function claimBatch(
  db: SqlExecutor,
  campaignId: string,
  seq: number,
  token: string,
  leaseSeconds: number,
): Promise<ClaimedBatchRow | null> {
  const campaign = sql.typed(campaignId, 'uuid');
  const { rows } = await runSql<ClaimedRow & { send_batch_id: string | null; written: boolean }>(
    db,
    sql`WITH c AS (SELECT id, send_batch_id FROM campaigns WHERE id = ${campaign} AND status = 'sending' FOR SHARE),
       previous AS (SELECT started_at, requeued FROM campaign_batches WHERE campaign_id = ${campaign} AND seq = ${seq}),
       claimed AS (
         UPDATE campaign_batches b
            SET status = 'sending', attempts = b.attempts + 1, started_at = now(), last_error = NULL,
                lease_owner = ${token}, lease_expires_at = now() + make_interval(secs => ${leaseSeconds}),
                send_batch_id = c.send_batch_id
           FROM c
          WHERE b.campaign_id = ${campaign} AND b.seq = ${seq} AND b.status = 'pending' AND c.id = b.campaign_id
          RETURNING b.seq, b.send_batch_id),
       ${ledgerRowsOf(
         campaign,
         sql`DELETE FROM campaign_batch_members m USING claimed
              WHERE m.campaign_id = ${campaign} AND m.seq = claimed.seq
             RETURNING m.seq, m.first_number, m.supporter_ids, m.emails, m.first_names`,
       )}
       SELECT a.id, a.supporter_id AS "supporterId", a.email, a.first_name AS "firstName", claimed.send_batch_id,
              (SELECT started_at IS NOT NULL OR requeued FROM previous) AS resumed,
              EXISTS (SELECT 1 FROM members) AS written
         FROM claimed LEFT JOIN added a ON a.status = 'queued'`,
  );
  if (rows.length === 0) return null;
  const first = rows[0]!;
  if (first.written) {
    const recipients = rows.filter((row) => row.id !== null) as QueuedRecipient[];
    return { recipients, resumed: first.resumed, sendBatchId: first.send_batch_id };
  }
  const recipients = await queuedRecipients(db, campaignId, seq, token).catch(async (error: unknown) => {
    // Nothing was sent: the batch goes back to pending for the job's retry, not to recovery as uncertain.
    await releaseBatch(db, campaignId, seq, token, 'its recipients could not be read', false).catch(
      () => undefined,
    );
    throw error;
  });
  if (!recipients) return null;
  return { recipients, resumed: first.resumed, sendBatchId: first.send_batch_id };
}

/**
 * The queued recipients of a batch whose ledger rows are written, while the claim `token` still
 * holds it; null when it does not (its lease ran out before this read, and recovery took it).
 */
async function queuedRecipients(
  db: SqlExecutor,
  campaignId: string,
  seq: number,
  token: string,
): Promise<QueuedRecipient[] | null> {
  const { rows } = await runSql<QueuedRecipient & { id: string | null }>(
    db,
    sql`SELECT r.id, r.supporter_id AS "supporterId", r.email, r.first_name AS "firstName"
          FROM campaign_batches b
          LEFT JOIN campaign_recipients r ON r.campaign_id = b.campaign_id AND r.batch_seq = b.seq AND r.status = 'queued'
         WHERE b.campaign_id = ${campaignId} AND b.seq = ${seq} AND b.status = 'sending' AND b.lease_owner = ${token}`,
  );
  if (rows.length === 0) return null;
  return rows.filter((row) => row.id !== null) as QueuedRecipient[];
}

/**
 * The batch and its queued (or uncertain) recipients are `sent`, if the claim `token` still holds
 * it (a batch taken for `uncertain` after its lease ran out is `sent` after all: this process has
 * SendGrid's 202; one sent again under a new SendGrid batch id is not). One statement, committed
 * without waiting for the WAL flush (set_config(…, true) lasts until this statement's own commit).
 * Answers whether it recorded the batch.
 */
export async function markBatchSent(
  db: SqlExecutor,
  campaignId: string,
  seq: number,
  token: string,
  providerMessageId: string | null,
): Promise<boolean> {
  const { rows } = await runSql<{ seq: number }>(
    db,
    sql`WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)),
            batch AS (
              UPDATE campaign_batches SET status = 'sent', provider_message_id = coalesce(${providerMessageId}, provider_message_id),
                     last_error = NULL, finished_at = now(), lease_expires_at = NULL
               WHERE campaign_id = ${campaignId} AND seq = ${seq} AND status IN ('sending', 'uncertain')
                 AND lease_owner = ${token}
               RETURNING seq),
            recipients AS (
              UPDATE campaign_recipients r SET status = 'sent', provider_message_id = ${providerMessageId}, sent_at = now()
                FROM batch, relaxed
               WHERE r.campaign_id = ${campaignId} AND r.batch_seq = batch.seq AND r.status IN ('queued', 'uncertain'))
       SELECT seq FROM batch`,
  );
  return rows.length > 0;
}

/** Back to `pending` from `sending` if the claim `token` holds it; the attempt is given back unless `countAttempt`. */
export async function releaseBatch(
  db: SqlExecutor,
  campaignId: string,
  seq: number,
  token: string,
  reason: string,
  countAttempt: boolean,
): Promise<void> {
  await runSql(
    db,
    sql`UPDATE campaign_batches SET status = 'pending', last_error = ${reason}, lease_expires_at = NULL,
              attempts = attempts - CASE WHEN ${countAttempt} THEN 0 ELSE 1 END
        WHERE campaign_id = ${campaignId} AND seq = ${seq} AND status = 'sending' AND lease_owner = ${token}`,
  );
}

/**
 * A sending campaign with no batch pending or sending is `sent`, or `failed` if every batch failed;
 * its notification is written by the same statement. Answers whether it finished now.
 */
export async function finishCampaignIfDone(db: SqlExecutor, campaignId: string): Promise<boolean> {
  const { rows } = await runSql<{ id: string }>(
    db,
    sql`WITH finished AS (
         UPDATE campaigns c
            SET status = CASE WHEN EXISTS (SELECT 1 FROM campaign_batches b WHERE b.campaign_id = c.id AND b.status <> 'failed')
                                OR NOT EXISTS (SELECT 1 FROM campaign_batches b WHERE b.campaign_id = c.id)
                              THEN 'sent' ELSE 'failed' END,
                finished_at = now(), updated_at = now()
          WHERE c.id = ${campaignId} AND c.status = 'sending'
            AND NOT EXISTS (SELECT 1 FROM campaign_batches b
                             WHERE b.campaign_id = c.id AND b.status IN ('pending', 'sending'))
          RETURNING c.id, c.name, c.status, c.finished_at),
       noted AS (${noteFinished()})
       SELECT id FROM finished`,
  );
  return rows.length > 0;
}

/** Recipients of a claimed batch who are no longer mailable: `skipped`, not sent. */
export async function skipRecipients(db: SqlExecutor, recipientIds: string[]): Promise<void> {
  await runSql(
    db,
    sql`UPDATE campaign_recipients SET status = 'skipped'
         WHERE id = ANY(${sql.typed(recipientIds, 'uuid[]')}) AND status = 'queued'`,
  );
}

/** Supporters who stopped being mailable after `since`: few, found through time indexes. */
export async function supportersDepartedSince(db: SqlExecutor, since: Date): Promise<string[]> {
  const { rows } = await runSql<{ id: string }>(
    db,
    sql`SELECT supporter_id AS id FROM newsletter_subscriptions WHERE unsubscribed_at > ${since}
       UNION SELECT id FROM supporters WHERE erased_at > ${since}
       UNION SELECT id FROM supporters WHERE deceased_at > ${since}
       UNION SELECT supporter_id FROM topic_subscriptions WHERE NOT subscribed AND updated_at > ${since}
       UNION SELECT supporter_id FROM soft_opt_ins WHERE opted_out_at > ${since}
       UNION SELECT supporter_id FROM contact_preferences
              WHERE channel = 'email' AND status = 'refused' AND updated_at > ${since}
       UNION SELECT s.id FROM suppressions sp JOIN supporters s ON s.email_normalised = sp.email_normalised
              WHERE sp.created_at > ${since}`,
  );
  return rows.map((row) => row.id);
}

/** The ids among these recipients whose supporter may be mailed right now. */
export async function stillMailableRecipients(
  db: SqlExecutor,
  recipientIds: string[],
  softOptIn: boolean,
): Promise<string[]> {
  const { rows } = await runSql<{ id: string }>(
    db,
    sql`SELECT r.id FROM campaign_recipients r JOIN supporters s ON s.id = r.supporter_id
        JOIN campaigns c ON c.id = r.campaign_id
        WHERE r.id = ANY(${sql.typed(recipientIds, 'uuid[]')}) AND ${mailableForTopic('s', sql`c.topic_id`, softOptIn)}`,
  );
  return rows.map((row) => row.id);
}

// ---- Requeueing --------------------------------------------------------------------------------

/** Uncertain recipients with any provider event were accepted by SendGrid: they count as sent. */
export async function confirmUncertainWithEvents(tx: SqlExecutor, campaignId: string): Promise<void> {
  await runSql(
    tx,
    sql`UPDATE campaign_recipients r SET status = 'sent'
        WHERE r.campaign_id = ${campaignId} AND r.status = 'uncertain'
          AND EXISTS (SELECT 1 FROM email_events e WHERE e.recipient_id = r.id)`,
  );
}

/** When the first uncertain batch still inside the grace period leaves it; null when none is. */
export async function uncertainGraceEnd(
  tx: SqlExecutor,
  campaignId: string,
  graceMinutes: number,
): Promise<Date | null> {
  const row = await runSqlOne<{ until: Date | null }>(
    tx,
    sql`SELECT min(finished_at) + make_interval(mins => ${graceMinutes}) AS until FROM campaign_batches
        WHERE campaign_id = ${campaignId} AND status = 'uncertain' AND finished_at > now() - make_interval(mins => ${graceMinutes})`,
  );
  return row?.until ?? null;
}

export interface RequeuedBatch {
  seq: number;
  recipient_count: number;
}

/**
 * Moves the campaign's `failed` recipients, or its `uncertain` ones whose batch left the grace
 * period, into new pending batches after the last one (marked `requeued`); answers those batches.
 */
export async function requeueRecipients(
  tx: SqlExecutor,
  campaignId: string,
  source: 'uncertain' | 'failed',
  batchSize: number,
  graceMinutes: number,
): Promise<RequeuedBatch[]> {
  const fromBatches =
    source === 'uncertain'
      ? sql`AND r.batch_seq IN (SELECT seq FROM campaign_batches WHERE campaign_id = ${campaignId} AND status = 'uncertain'
                                AND finished_at <= now() - make_interval(mins => ${graceMinutes}))`
      : sql.empty;
  const { rows } = await runSql<RequeuedBatch>(
    tx,
    sql`WITH base AS (SELECT coalesce(max(seq), -1) + 1 AS next FROM campaign_batches WHERE campaign_id = ${campaignId}),
            picked AS (SELECT r.id, row_number() OVER (ORDER BY r.id) AS rn FROM campaign_recipients r
                        WHERE r.campaign_id = ${campaignId} AND r.status = ${source} ${fromBatches}),
            moved AS (UPDATE campaign_recipients r SET status = 'queued', batch_seq = base.next + (picked.rn - 1) / ${batchSize}
                        FROM picked, base WHERE r.id = picked.id RETURNING r.batch_seq)
       INSERT INTO campaign_batches (campaign_id, seq, status, recipient_count, requeued)
       SELECT ${sql.typed(campaignId, 'uuid')}, batch_seq, 'pending', count(*), true FROM moved GROUP BY batch_seq
       RETURNING seq, recipient_count`,
  );
  return rows;
}
