import { APP_CONFIG } from '@crm/config';
import {
  ContractWorker,
  InjectProducer,
  type JobHandlers,
  mailerDispatchQueue,
  QueueProducer,
} from '@crm/queues';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { MailerConfig } from '../config/mailer.config';
import { ErasureService } from '../erasure/erasure.service';
import { SupporterMergeService } from '../supporter-merge/supporter-merge.service';
import { HONOURS_RATE_LIMIT_PAUSE, pauseOnRateLimit } from '../transport/pause-on-rate-limit';
import { BatchSenderService } from './batch-sender.service';
import { CampaignStartService } from './campaign-start.service';
import { RecurringCampaignService } from './recurring-campaign.service';

/**
 * A job held by a mailer that died is run again by another within about 15 s (its lock lapses
 * after 10 s, and every worker looks for such jobs every 5 s) rather than BullMQ's default minute.
 * Running one twice is harmless: starts and requeues are idempotent, and a batch is claimed once
 * (a batch its first run still holds is left to that run, whose lease says it is alive).
 */
const STALLED_JOBS_TAKEN_OVER = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 };

/** Consumes `mailer-dispatch`: campaign starts, batches, recurring runs, erasures and merges. */
@Processor(mailerDispatchQueue.name, { ...HONOURS_RATE_LIMIT_PAUSE, ...STALLED_JOBS_TAKEN_OVER })
export class DispatchProcessor extends ContractWorker<typeof mailerDispatchQueue> {
  protected readonly contract = mailerDispatchQueue;
  protected readonly handlers: JobHandlers<typeof mailerDispatchQueue> = {
    'start-campaign': ({ campaignId }) => this.starter.start(campaignId),
    'send-batch': ({ campaignId, seq }, job) =>
      pauseOnRateLimit(this.producer.queue, () =>
        this.sender.send(campaignId, seq, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
      ),
    'run-recurring-campaign': ({ campaignId }, job) =>
      this.recurring.run(campaignId, new Date(job.timestamp + (job.opts.delay ?? 0))),
    'forget-supporter': ({ supporterId, emailNormalised }) =>
      this.erasure.forgetSupporter(supporterId, emailNormalised),
    'merge-supporter': ({ keptId, mergedId }) => this.merges.merge(keptId, mergedId),
  };

  constructor(
    private readonly starter: CampaignStartService,
    private readonly sender: BatchSenderService,
    private readonly recurring: RecurringCampaignService,
    private readonly erasure: ErasureService,
    private readonly merges: SupporterMergeService,
    @InjectProducer(mailerDispatchQueue) private readonly producer: QueueProducer<typeof mailerDispatchQueue>,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {
    super();
  }

  /** A start that exhausted its attempts leaves the campaign `failed` rather than `sending` for ever. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined): Promise<void> {
    const final =
      job !== undefined && (job.finishedOn !== undefined || job.attemptsMade >= (job.opts.attempts ?? 1));
    if (job?.name !== 'start-campaign' || !final) return;
    const campaignId = (job.data as { campaignId: string }).campaignId;
    await this.starter.markUnstartable(campaignId).catch((error: unknown) => {
      new Logger(DispatchProcessor.name).error({ campaignId, err: error }, 'could not mark campaign failed');
    });
  }

  protected override concurrency(): number {
    return this.config.MAIL_DISPATCH_CONCURRENCY;
  }
}
