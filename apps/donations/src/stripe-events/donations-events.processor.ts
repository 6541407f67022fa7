import { APP_CONFIG } from '@crm/config';
import { ContractWorker, donationsEventsQueue, type JobHandlers } from '@crm/queues';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { DonationsConfig } from '../config/donations.config';
import { ErasureService } from '../erasure/erasure.service';
import { StripeEventBatches } from '../stripe-batching/event-batches.service';
import { SupporterLinkService } from '../supporter-link/supporter-link.service';
import { SupporterMergeService } from '../supporter-merge/supporter-merge.service';

/** The donations app's queue: its own Stripe inbox, and supporter facts from the subscribers app. */
@Processor(donationsEventsQueue.name)
export class DonationsEventsProcessor extends ContractWorker<typeof donationsEventsQueue> {
  protected readonly contract = donationsEventsQueue;
  protected readonly handlers: JobHandlers<typeof donationsEventsQueue> = {
    'process-stripe-event': ({ eventId }) => this.stripeEvents.process(eventId),
    'link-supporter': (data) => this.supporters.link(data),
    'forget-supporter': ({ supporterId }) => this.erasure.forget(supporterId),
    'merge-supporter': ({ keptId, mergedId }) => this.merges.merge(keptId, mergedId),
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly stripeEvents: StripeEventBatches,
    private readonly supporters: SupporterLinkService,
    private readonly erasure: ErasureService,
    private readonly merges: SupporterMergeService,
  ) {
    super();
  }

  /** Stripe events are applied in batches, so the worker holds many jobs at once (see StripeEventBatches). */
  protected override concurrency(): number {
    return this.config.STRIPE_PROCESSING_CONCURRENCY;
  }
}
