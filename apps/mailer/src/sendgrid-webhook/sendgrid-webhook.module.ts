import { QueuesModule, subscribersEventsQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { EventIngestService } from './event-ingest.service';
import { SendGridWebhookController } from './sendgrid-webhook.controller';

@Module({
  imports: [QueuesModule.forQueues(subscribersEventsQueue)],
  controllers: [SendGridWebhookController],
  providers: [EventIngestService],
})
export class SendGridWebhookModule {}
