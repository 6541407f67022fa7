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
import { processingDatabaseProvider } from './processing-database';
import { ProcessingDatabaseCloser } from './processing-database-closer';
import { StripeEventsService } from './stripe-events.service';

@Module({
  imports: [QueuesModule.forQueues(donationsEventsQueue, subscribersEventsQueue, transactionalMailQueue)],
  providers: [
    DonationsEventsProcessor,
    StripeEventsService,
    DonorNotifier,
    InboxSweeper,
    processingDatabaseProvider,
    ProcessingDatabaseCloser,
    SupporterLinkService,
  ],
})
export class StripeEventsModule {}
