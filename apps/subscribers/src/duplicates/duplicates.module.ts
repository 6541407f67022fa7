import { donationsEventsQueue, mailerDispatchQueue, QueuesModule } from '@crm/queues';
import { Module } from '@nestjs/common';
import { DuplicatesService } from './duplicates.service';
import { SupporterMergeService } from './supporter-merge.service';

/**
 * Duplicate supporter records: suggested pairs and merges. The routes are on the supporters
 * controller, so `GET /supporters/duplicates` is declared before `GET /supporters/:id`.
 */
@Module({
  imports: [QueuesModule.forQueues(donationsEventsQueue, mailerDispatchQueue)],
  providers: [DuplicatesService, SupporterMergeService],
  exports: [DuplicatesService, SupporterMergeService],
})
export class DuplicatesModule {}
