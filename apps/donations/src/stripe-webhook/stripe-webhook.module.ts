import { donationsEventsQueue, QueuesModule } from '@crm/queues';
import { Module } from '@nestjs/common';
import { StripeInboxService } from './stripe-inbox.service';
import { StripeWebhookController } from './stripe-webhook.controller';

@Module({
  imports: [QueuesModule.forQueues(donationsEventsQueue)],
  controllers: [StripeWebhookController],
  providers: [StripeInboxService],
})
export class StripeWebhookModule {}
