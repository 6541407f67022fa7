import { APP_CONFIG } from '@crm/config';
import { InjectProducer, mailerDispatchQueue, QueueProducer } from '@crm/queues';
import { Campaign, CampaignBatch, Segment } from '@crm/entities';
import { parseSegmentRules, segmentCondition } from '@crm/segments';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { AudienceUsePublisher } from '../audience-use/audience-use.publisher';
import { BatchLedger } from './batch-ledger';
import { SendBatchIds } from './send-batch-ids';
import { allowLongFreeze, failUnplannedCampaign, freezeRecipients } from './dispatch.queries';

const QUEUE_CHUNK = 200;

/** A batch to queue: its seq, and how many times it was sent again under a new SendGrid batch id. */
export interface QueuedBatch {
  seq: number;
  generation: number;
}

/** `batch-<campaignId>-<seq>`, and `…-r<n>` for its n-th resend after a cancelled SendGrid batch id. */
const batchJobId = (campaignId: string, { seq, generation }: QueuedBatch): string =>
  generation === 0 ? `batch-${campaignId}-${seq}` : `batch-${campaignId}-${seq}-r${generation}`;

type LockedCampaign = Pick<Campaign, 'id' | 'status' | 'segmentId' | 'cron'>;

/**
 * Starts a campaign: freezes its audience from the segment in one INSERT … SELECT (supporter ids
 * per batch of at most MAIL_BATCH_SIZE), plans the batches, and queues one job per batch. Each
 * batch's ledger rows are written by the claim that sends it, in the claim's statement, so the
 * ledger grows at the pace of the sending: written ahead by the start job, a 100,000-recipient
 * ledger took both cores in the send's first seconds and slowed every public page (bench:load).
 * Running it again — after a crash, or twice — plans nothing new and re-queues only the batches
 * still pending (job ids make the re-queue a no-op for those already queued).
 */
@Injectable()
export class CampaignStartService {
  private readonly logger = new Logger(CampaignStartService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BatchLedger,
    private readonly audienceUse: AudienceUsePublisher,
    private readonly sendBatchIds: SendBatchIds,
    @InjectProducer(mailerDispatchQueue) private readonly dispatch: QueueProducer<typeof mailerDispatchQueue>,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {}

  async start(campaignId: string): Promise<void> {
    // MAIL_SEND_DELAY_MINUTES: the SendGrid batch id first, so a start that cannot get one plans nothing.
    await this.sendBatchIds.ensure(campaignId);
    const pending = await this.dataSource.transaction((tx) => this.plan(tx, campaignId));
    await this.queueBatches(campaignId, pending);
    await this.ledger.finishCampaignIfDone(campaignId);
  }

  /** The start job gave up (segment query failing, database gone): nothing was planned, so nothing went. */
  async markUnstartable(campaignId: string): Promise<void> {
    if (await failUnplannedCampaign(this.dataSource, campaignId)) await this.audienceUse.sync(campaignId);
  }

  /**
   * QUEUE_CHUNK jobs in flight at once rather than one round trip each. Each is its own `add`, not
   * an `addBulk`: the job id is what makes re-queueing a no-op, and bulk adds have skipped id
   * deduplication in some BullMQ versions.
   */
  async queueBatches(campaignId: string, batches: QueuedBatch[]): Promise<void> {
    for (let start = 0; start < batches.length; start += QUEUE_CHUNK) {
      await Promise.all(
        batches
          .slice(start, start + QUEUE_CHUNK)
          .map((batch) =>
            this.dispatch.add(
              'send-batch',
              { campaignId, seq: batch.seq },
              { jobId: batchJobId(campaignId, batch) },
            ),
          ),
      );
    }
  }

  private async plan(tx: EntityManager, campaignId: string): Promise<QueuedBatch[]> {
    const campaign: LockedCampaign | null = await tx.findOne(Campaign, {
      select: { id: true, status: true, segmentId: true, cron: true },
      where: { id: campaignId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!campaign || campaign.cron || !['scheduled', 'sending'].includes(campaign.status)) return [];
    if (campaign.status === 'scheduled') {
      await tx.update(Campaign, { id: campaignId }, { status: 'sending', startedAt: () => 'now()' });
    }
    const planned = await tx.existsBy(CampaignBatch, { campaignId });
    if (!planned && !(await this.freeze(tx, campaign))) return [];
    return tx.find(CampaignBatch, {
      select: { seq: true, generation: true },
      where: { campaignId, status: 'pending' },
      order: { seq: 'ASC' },
    });
  }

  /** False when the segment is gone or no longer valid: the campaign fails instead of guessing. */
  private async freeze(tx: EntityManager, campaign: LockedCampaign): Promise<boolean> {
    const segment = await tx.findOne(Segment, { select: { rules: true }, where: { id: campaign.segmentId } });
    let compiled;
    try {
      if (!segment) throw new Error(`segment ${campaign.segmentId} no longer exists`);
      compiled = segmentCondition(parseSegmentRules(segment.rules), 's');
    } catch (error) {
      this.logger.error(
        { campaignId: campaign.id, err: error },
        'campaign segment unusable; campaign failed',
      );
      await tx.update(Campaign, { id: campaign.id }, { status: 'failed', finishedAt: () => 'now()' });
      return false;
    }
    await allowLongFreeze(tx);
    await freezeRecipients(tx, campaign.id, this.config.MAIL_BATCH_SIZE, compiled, this.config.SOFT_OPT_IN);
    return true;
  }
}
