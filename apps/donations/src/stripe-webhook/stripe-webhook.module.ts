import { donationsEventsQueue, QueuesModule } from '@crm/queues';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ReceivedStripeEventsModule } from '../stripe-batching/received-events';
import { StripeInboxService } from './stripe-inbox.service';
import { StripeWebhookController } from './stripe-webhook.controller';
import { StripeWebhookMiddleware } from './stripe-webhook.middleware';

@Module({
  imports: [ReceivedStripeEventsModule, QueuesModule.forQueues(donationsEventsQueue)],
  controllers: [StripeWebhookController],
  providers: [StripeInboxService],
})
export class StripeWebhookModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(StripeWebhookMiddleware)
      .forRoutes({ path: 'webhooks/stripe', method: RequestMethod.POST });
  }
}
