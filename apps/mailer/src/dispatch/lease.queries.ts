import { runSql, sql, type SqlExecutor } from '@crm/sql';
import { noteNeedsAttention } from './dispatch.queries';

/**
 * The statements of batch ownership across mailer processes: a claimed batch carries its claim's
 * token (`lease_owner`) and an expiry its process renews; only the token's holder records the
 * batch's outcome, and only a batch whose lease ran out is taken over by anyone else.
 */

const expired = sql`(lease_expires_at IS NULL OR lease_expires_at < now())`;

/** Pushes the expiry of this process's in-flight batches `seconds` ahead. */
export async function renewLeases(db: SqlExecutor, tokens: string[], seconds: number): Promise<void> {
  if (tokens.length === 0) return;
  await runSql(
    db,
    sql`UPDATE campaign_batches SET lease_expires_at = now() + make_interval(secs => ${seconds})
         WHERE lease_owner = ANY(${sql.typed(tokens, 'text[]')}) AND status = 'sending'`,
  );
}

export interface ExpiredBatch {
  campaign_id: string;
  seq: number;
  send_batch_id: string | null;
}

/** Batches left `sending` by a claim whose process stopped renewing it (dead, or cut off). */
export async function expiredBatches(db: SqlExecutor, limit = 500): Promise<ExpiredBatch[]> {
  const { rows } = await runSql<ExpiredBatch>(
    db,
    sql`SELECT campaign_id, seq, send_batch_id FROM campaign_batches
         WHERE status = 'sending' AND ${expired} ORDER BY campaign_id, seq LIMIT ${limit}`,
  );
  return rows;
}

/**
 * `sending` → `failed` or `uncertain` with the batch's queued recipients and the campaign's
 * needs-attention notification, in the caller's transaction; only for the claim holding it
 * (`token`) or, for anyone, once its lease expired. Answers whether it moved.
 */
export async function finishBatchAs(
  tx: SqlExecutor,
  campaignId: string,
  seq: number,
  status: 'failed' | 'uncertain',
  reason: string,
  holder: { token: string } | 'expired',
): Promise<boolean> {
  const guard = holder === 'expired' ? expired : sql`lease_owner = ${holder.token}`;
  const { rows } = await runSql<{ seq: number }>(
    tx,
    sql`UPDATE campaign_batches SET status = ${status}, last_error = ${reason}, finished_at = now()
         WHERE campaign_id = ${campaignId} AND seq = ${seq} AND status = 'sending' AND ${guard}
         RETURNING seq`,
  );
  if (rows.length === 0) return false;
  await runSql(
    tx,
    sql`UPDATE campaign_recipients SET status = ${status}
         WHERE campaign_id = ${campaignId} AND batch_seq = ${seq} AND status = 'queued'`,
  );
  await noteNeedsAttention(tx, campaignId);
  return true;
}

/** The claim gives its batch up at once (outcome unknown with a cancellable send): recovery takes it. */
export async function expireLease(
  db: SqlExecutor,
  campaignId: string,
  seq: number,
  token: string,
): Promise<void> {
  await runSql(
    db,
    sql`UPDATE campaign_batches SET lease_expires_at = now() - interval '1 second'
         WHERE campaign_id = ${campaignId} AND seq = ${seq} AND status = 'sending' AND lease_owner = ${token}`,
  );
}

/** The campaign's current SendGrid batch id, and whether it is to be sent (scheduled or sending). */
export async function currentSendBatchId(
  db: SqlExecutor,
  campaignId: string,
): Promise<{ sendBatchId: string | null; live: boolean }> {
  const { rows } = await runSql<{ send_batch_id: string | null; live: boolean }>(
    db,
    sql`SELECT send_batch_id, status IN ('scheduled', 'sending') AS live FROM campaigns WHERE id = ${campaignId}`,
  );
  return { sendBatchId: rows[0]?.send_batch_id ?? null, live: rows[0]?.live ?? false };
}

/**
 * The campaign's requests carry `next` from now on (null: none, sent at once), if they carried
 * `previous` (null: none yet). Answers whether this call made the change (another process may
 * have made it first).
 */
export async function replaceSendBatchId(
  db: SqlExecutor,
  campaignId: string,
  previous: string | null,
  next: string | null,
): Promise<boolean> {
  const { rows } = await runSql<{ id: string }>(
    db,
    sql`UPDATE campaigns SET send_batch_id = ${next}
         WHERE id = ${campaignId} AND send_batch_id IS NOT DISTINCT FROM ${previous} RETURNING id`,
  );
  return rows.length > 0;
}

export interface RotatableCampaign {
  id: string;
  send_batch_id: string;
}

/**
 * Sending campaigns whose current SendGrid batch id went out first more than `minutes` ago: past
 * that, a cancel could come too late (SendGrid refuses within 10 minutes of `send_at`), so their
 * next requests get a new one and a crash only ever resends its own, recent, batch id.
 */
export async function sendBatchIdsToRotate(db: SqlExecutor, minutes: number): Promise<RotatableCampaign[]> {
  const { rows } = await runSql<RotatableCampaign>(
    db,
    sql`SELECT c.id, c.send_batch_id FROM campaigns c
         WHERE c.status = 'sending' AND c.send_batch_id IS NOT NULL
           AND (SELECT min(b.started_at) FROM campaign_batches b
                 WHERE b.campaign_id = c.id AND b.send_batch_id = c.send_batch_id)
               < now() - make_interval(secs => ${minutes * 60})`,
  );
  return rows;
}

export interface ResentBatch {
  seq: number;
  generation: number;
}

/**
 * After `sendBatchId` was cancelled at SendGrid (so none of it will be delivered): every batch of
 * the campaign that went out with it, or was going out, is pending again as its next generation,
 * its recipients queued; a finished campaign is sending again. The campaign row is locked first,
 * as a claim locks it, so the two never wait on each other in opposite order.
 */
export async function resendCancelledBatchId(
  tx: SqlExecutor,
  campaignId: string,
  sendBatchId: string,
): Promise<ResentBatch[]> {
  await runSql(tx, sql`SELECT id FROM campaigns WHERE id = ${campaignId} FOR UPDATE`);
  const { rows } = await runSql<ResentBatch>(
    tx,
    sql`WITH moved AS (
          UPDATE campaign_batches
             SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, send_batch_id = NULL,
                 provider_message_id = NULL, finished_at = NULL, generation = generation + 1,
                 last_error = 'its SendGrid batch id was cancelled after a mailer stopped mid-send; sent again'
           WHERE campaign_id = ${campaignId} AND send_batch_id = ${sendBatchId}
             AND status IN ('sending', 'sent', 'uncertain')
          RETURNING seq, generation),
        requeued AS (
          UPDATE campaign_recipients r SET status = 'queued', provider_message_id = NULL, sent_at = NULL
            FROM moved WHERE r.campaign_id = ${campaignId} AND r.batch_seq = moved.seq
             AND r.status IN ('queued', 'sent', 'uncertain')
          RETURNING 1)
       SELECT seq, generation FROM moved ORDER BY seq`,
  );
  if (rows.length > 0) {
    await runSql(
      tx,
      sql`UPDATE campaigns SET status = 'sending', finished_at = NULL, updated_at = now()
           WHERE id = ${campaignId} AND status = 'sent'`,
    );
  }
  return rows;
}
