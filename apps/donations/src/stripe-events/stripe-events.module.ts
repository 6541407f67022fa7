import {
  donationsEventsQueue,
  QueuesModule,
  subscribersEventsQueue,
  transactionalMailQueue,
} from '@crm/queues';
import { Module } from '@nestjs/common';
import { ErasureService } from '../erasure/erasure.service';
import { StripeEventBatches } from '../stripe-batching/event-batches.service';
import { InboxSweeper } from '../stripe-batching/inbox-sweeper.service';
import { ReceivedStripeEventsModule } from '../stripe-batching/received-events';
import { processingDatabaseProvider } from '../stripe-batching/processing-database';
import { ProcessingDatabaseCloser } from '../stripe-batching/processing-database-closer';
import { SupporterLinkService } from '../supporter-link/supporter-link.service';
import { SupporterMergeService } from '../supporter-merge/supporter-merge.service';
import { DonationsEventsProcessor } from './donations-events.processor';
import { DonorNotifier } from './donor-notifier.service';

@Module({
  imports: [
    ReceivedStripeEventsModule,
    QueuesModule.forQueues(donationsEventsQueue, subscribersEventsQueue, transactionalMailQueue),
  ],
  providers: [
    DonationsEventsProcessor,
    StripeEventBatches,
    DonorNotifier,
    InboxSweeper,
    processingDatabaseProvider,
    ProcessingDatabaseCloser,
    SupporterLinkService,
    ErasureService,
    SupporterMergeService,
  ],
})
export class StripeEventsModule {}
