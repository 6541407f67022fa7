import { ContractWorker, donationsEventsQueue, type JobHandlers } from '@crm/queues';
import { Processor } from '@nestjs/bullmq';
import { SupporterLinkService } from '../supporter-link/supporter-link.service';
import { PROCESSING_CONCURRENCY } from './processing-database';
import { StripeEventsService } from './stripe-events.service';

/** The donations app's queue: its own Stripe inbox, and supporter facts from the subscribers app. */
@Processor(donationsEventsQueue.name, { concurrency: PROCESSING_CONCURRENCY })
export class DonationsEventsProcessor extends ContractWorker<typeof donationsEventsQueue> {
  protected readonly contract = donationsEventsQueue;
  protected readonly handlers: JobHandlers<typeof donationsEventsQueue> = {
    'process-stripe-event': ({ eventId }) => this.stripeEvents.process(eventId),
    'link-supporter': (data) => this.supporters.link(data),
    'forget-supporter': ({ supporterId }) => this.supporters.forget(supporterId),
  };

  constructor(
    private readonly stripeEvents: StripeEventsService,
    private readonly supporters: SupporterLinkService,
  ) {
    super();
  }
}
