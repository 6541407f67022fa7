import { QueuesModule, transactionalMailQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { SignupThrottleModule } from './signup-throttle';
import { SubscribeController } from './subscribe.controller';
import { SubscribeService } from './subscribe.service';

@Module({
  imports: [SignupThrottleModule, QueuesModule.forQueues(transactionalMailQueue)],
  controllers: [SubscribeController],
  providers: [SubscribeService],
})
export class SubscribeModule {}
