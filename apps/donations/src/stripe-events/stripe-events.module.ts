import {
  donationsEventsQueue,
  QueuesModule,
  subscribersEventsQueue,
  transactionalMailQueue,
} from '@crm/queues';
import { Module } from '@nestjs/common';
import { SupporterLinkService } from '../supporter-link/supporter-link.service';
import { DonationsEventsProcessor } from './donations-events.processor';
import { DonorNotifier } from './donor-notifier.service';
import { InboxSweeper } from './inbox-sweeper.service';
import { StripeEventsService } from './stripe-events.service';

@Module({
  imports: [QueuesModule.forQueues(donationsEventsQueue, subscribersEventsQueue, transactionalMailQueue)],
  providers: [
    DonationsEventsProcessor,
    StripeEventsService,
    DonorNotifier,
    InboxSweeper,
    SupporterLinkService,
  ],
})
export class StripeEventsModule {}
