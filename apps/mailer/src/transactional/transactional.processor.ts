import { APP_CONFIG } from '@crm/config';
import {
  ContractWorker,
  InjectProducer,
  type JobHandlers,
  QueueProducer,
  transactionalMailQueue,
} from '@crm/queues';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { MailerConfig } from '../config/mailer.config';
import { HONOURS_RATE_LIMIT_PAUSE, pauseOnRateLimit } from '../transport/pause-on-rate-limit';
import { TransactionalService } from './transactional.service';

/** Consumes `mailer-transactional`: one job per (template, reference). */
@Processor(transactionalMailQueue.name, HONOURS_RATE_LIMIT_PAUSE)
export class TransactionalProcessor extends ContractWorker<typeof transactionalMailQueue> {
  protected readonly contract = transactionalMailQueue;
  protected readonly handlers: JobHandlers<typeof transactionalMailQueue> = {
    'send-email': (email) => pauseOnRateLimit(this.producer.queue, () => this.transactional.send(email)),
  };

  constructor(
    private readonly transactional: TransactionalService,
    @InjectProducer(transactionalMailQueue)
    private readonly producer: QueueProducer<typeof transactionalMailQueue>,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {
    super();
  }

  protected override concurrency(): number {
    return this.config.MAIL_TRANSACTIONAL_CONCURRENCY;
  }
}
