import { QueuesModule, subscribersEventsQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { AudienceUsePublisher } from './audience-use.publisher';

@Module({
  imports: [QueuesModule.forQueues(subscribersEventsQueue)],
  providers: [AudienceUsePublisher],
  exports: [AudienceUsePublisher],
})
export class AudienceUseModule {}
