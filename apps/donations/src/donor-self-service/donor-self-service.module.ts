import { QueuesModule, transactionalMailQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { StripeModule } from '../stripe/stripe.module';
import { DonorSelfServiceController } from './donor-self-service.controller';
import { DonorSelfService } from './donor-self-service.service';

@Module({
  imports: [StripeModule, QueuesModule.forQueues(transactionalMailQueue)],
  controllers: [DonorSelfServiceController],
  providers: [DonorSelfService],
})
export class DonorSelfServiceModule {}
