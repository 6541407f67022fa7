import { QueuesModule, subscribersEventsQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { OfflineDonors } from './offline-donors';
import { OfflineGiftsController } from './offline-gifts.controller';
import { OfflineGiftsService } from './offline-gifts.service';

@Module({
  imports: [QueuesModule.forQueues(subscribersEventsQueue)],
  controllers: [OfflineGiftsController],
  providers: [OfflineGiftsService, OfflineDonors],
  exports: [OfflineDonors],
})
export class OfflineGiftsModule {}
