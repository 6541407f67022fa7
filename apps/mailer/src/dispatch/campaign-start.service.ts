import { APP_CONFIG } from '@crm/config';
import { InjectProducer, mailerDispatchQueue, QueueProducer } from '@crm/queues';
import { compileSegment, MAILABLE_SUPPORTER_SQL, parseSegmentRules } from '@crm/segments';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { BatchLedger } from './batch-ledger';

const LARGE_CAMPAIGN_BATCHES = 20;
const QUEUE_CHUNK = 200;

const batchJobId = (campaignId: string, seq: number): string => `batch-${campaignId}-${seq}`;

interface LockedCampaign {
  id: string;
  status: string;
  segment_id: string;
  cron: string | null;
}

/**
 * Starts a campaign: freezes its recipients from the segment in one INSERT … SELECT (unique per
 * campaign and supporter), plans batches of at most MAIL_BATCH_SIZE, and queues one job per
 * batch. Running it again — after a crash, or twice — plans nothing new and re-queues only the
 * batches still pending (job ids make the re-queue a no-op for those already queued).
 */
@Injectable()
export class CampaignStartService {
  private readonly logger = new Logger(CampaignStartService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BatchLedger,
    @InjectProducer(mailerDispatchQueue) private readonly dispatch: QueueProducer<typeof mailerDispatchQueue>,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {}

  async start(campaignId: string): Promise<void> {
    const pending = await this.dataSource.transaction((tx) => this.plan(tx, campaignId));
    await this.queueBatches(campaignId, pending);
    await this.ledger.finishCampaignIfDone(campaignId);
  }

  /** The start job gave up (segment query failing, database gone): nothing was planned, so nothing went. */
  async markUnstartable(campaignId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE campaigns SET status = 'failed', finished_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('scheduled', 'sending')
          AND NOT EXISTS (SELECT 1 FROM campaign_batches WHERE campaign_id = $1)`,
      [campaignId],
    );
  }

  /**
   * QUEUE_CHUNK jobs in flight at once rather than one round trip each. Each is its own `add`, not
   * an `addBulk`: the job id is what makes re-queueing a no-op, and bulk adds have skipped id
   * deduplication in some BullMQ versions.
   */
  async queueBatches(campaignId: string, seqs: number[]): Promise<void> {
    for (let start = 0; start < seqs.length; start += QUEUE_CHUNK) {
      await Promise.all(
        seqs
          .slice(start, start + QUEUE_CHUNK)
          .map((seq) =>
            this.dispatch.add('send-batch', { campaignId, seq }, { jobId: batchJobId(campaignId, seq) }),
          ),
      );
    }
  }

  private async plan(tx: EntityManager, campaignId: string): Promise<number[]> {
    const [campaign] = (await tx.query(
      `SELECT id, status, segment_id, cron FROM campaigns WHERE id = $1 FOR UPDATE`,
      [campaignId],
    )) as LockedCampaign[];
    if (!campaign || campaign.cron || !['scheduled', 'sending'].includes(campaign.status)) return [];
    if (campaign.status === 'scheduled') {
      await tx.query(
        `UPDATE campaigns SET status = 'sending', started_at = now(), updated_at = now() WHERE id = $1`,
        [campaignId],
      );
    }
    const planned = (await tx.query(`SELECT 1 FROM campaign_batches WHERE campaign_id = $1 LIMIT 1`, [
      campaignId,
    ])) as unknown[];
    if (planned.length === 0 && !(await this.freeze(tx, campaign))) return [];
    const rows = (await tx.query(
      `SELECT seq FROM campaign_batches WHERE campaign_id = $1 AND status = 'pending' ORDER BY seq`,
      [campaignId],
    )) as { seq: number }[];
    return rows.map((row) => row.seq);
  }

  /** False when the segment is gone or no longer valid: the campaign fails instead of guessing. */
  private async freeze(tx: EntityManager, campaign: LockedCampaign): Promise<boolean> {
    const [segment] = (await tx.query(`SELECT rules FROM segments WHERE id = $1`, [campaign.segment_id])) as {
      rules: unknown;
    }[];
    let compiled;
    try {
      if (!segment) throw new Error(`segment ${campaign.segment_id} no longer exists`);
      compiled = compileSegment(parseSegmentRules(segment.rules), 2);
    } catch (error) {
      this.logger.error(
        { campaignId: campaign.id, err: error },
        'campaign segment unusable; campaign failed',
      );
      await tx.query(
        `UPDATE campaigns SET status = 'failed', finished_at = now(), updated_at = now() WHERE id = $1`,
        [campaign.id],
      );
      return false;
    }
    // Freezing a million recipients outlasts the default statement timeout; it gets room in memory
    // to hash them instead of spilling to disk. Both for this transaction only.
    await tx.query(`SET LOCAL statement_timeout = '15min'`);
    await tx.query(`SET LOCAL work_mem = '256MB'`);
    // Recipients are numbered in supporter id order, and a recipient's id is the campaign id's first
    // half and that number (after the RFC 4122 variant digit `8`, so it is still a well-formed
    // UUID), so every index of the ledger receives its keys in ascending order: each
    // page is filled (or visited) once in turn instead of a million keys landing at random, which
    // costs far more than the sort. The campaign has no recipients yet (no batches were planned,
    // and this transaction holds its lock), so the rows are numbered 1..n without gaps and the
    // batch rows follow from n alone, in the same statement.
    const [planned] = (await tx.query(
      `WITH frozen AS (
         INSERT INTO campaign_recipients (id, campaign_id, supporter_id, email, first_name, batch_seq, status)
         SELECT (substr(replace($1::uuid::text, '-', ''), 1, 16) || '8' || lpad(to_hex(m.n), 15, '0'))::uuid, $1::uuid, m.id,
                m.email, m.first_name, (m.n - 1) / $2, 'queued'
           FROM (SELECT s.id, s.email, s.first_name, row_number() OVER (ORDER BY s.id) AS n
                   FROM supporters s
                  WHERE (${compiled.where}) AND ${MAILABLE_SUPPORTER_SQL}) AS m
         ON CONFLICT (supporter_id, campaign_id) DO NOTHING
         RETURNING 1),
       total AS (SELECT count(*)::int AS n FROM frozen),
       batches AS (
         INSERT INTO campaign_batches (campaign_id, seq, status, recipient_count)
         SELECT $1::uuid, seq, 'pending', least($2, total.n - seq * $2)
           FROM total, generate_series(0, (total.n - 1) / $2) AS seq
          WHERE total.n > 0
         ON CONFLICT (campaign_id, seq) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS batches FROM batches`,
      [campaign.id, this.config.MAIL_BATCH_SIZE, ...compiled.params],
    )) as { batches: number }[];
    // After a large freeze the planner's row estimates are stale; fresh ones keep batch reads on the batch index.
    if (planned!.batches >= LARGE_CAMPAIGN_BATCHES) await tx.query('ANALYZE campaign_recipients');
    return true;
  }
}
