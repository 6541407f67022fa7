import { APP_CONFIG } from '@crm/config';
import {
  ContractWorker,
  InjectProducer,
  type JobHandlers,
  mailerDispatchQueue,
  QueueProducer,
} from '@crm/queues';
import { Processor } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import type { MailerConfig } from '../config/mailer.config';
import { ErasureService } from '../erasure/erasure.service';
import { pauseOnRateLimit } from '../transport/pause-on-rate-limit';
import { BatchSenderService } from './batch-sender.service';
import { CampaignStartService } from './campaign-start.service';
import { RecurringCampaignService } from './recurring-campaign.service';

/** Consumes `mailer-dispatch`: campaign starts, batches, recurring runs and erasures. */
@Processor(mailerDispatchQueue.name)
export class DispatchProcessor
  extends ContractWorker<typeof mailerDispatchQueue>
  implements OnApplicationBootstrap
{
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
  };

  constructor(
    private readonly starter: CampaignStartService,
    private readonly sender: BatchSenderService,
    private readonly recurring: RecurringCampaignService,
    private readonly erasure: ErasureService,
    @InjectProducer(mailerDispatchQueue) private readonly producer: QueueProducer<typeof mailerDispatchQueue>,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.MAIL_DISPATCH_CONCURRENCY;
  }
}
