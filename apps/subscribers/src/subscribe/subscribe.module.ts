import { QueuesModule, transactionalMailQueue } from '@crm/queues';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { EmbedCorsMiddleware } from '../pages/embed-cors.middleware';
import { SignupThrottleModule } from './signup-throttle';
import { SubscribeController } from './subscribe.controller';
import { SubscribeService } from './subscribe.service';

@Module({
  imports: [SignupThrottleModule, QueuesModule.forQueues(transactionalMailQueue)],
  controllers: [SubscribeController],
  providers: [SubscribeService],
  exports: [SubscribeService],
})
export class SubscribeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(EmbedCorsMiddleware).forRoutes({ path: 'subscribe', method: RequestMethod.POST });
  }
}
