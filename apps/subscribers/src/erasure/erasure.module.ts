import { donationsEventsQueue, mailerDispatchQueue, QueuesModule } from '@crm/queues';
import { Module } from '@nestjs/common';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';

/** The right to erasure: a supporter forgotten here, and the donations and mailer apps told. */
@Module({
  imports: [QueuesModule.forQueues(donationsEventsQueue, mailerDispatchQueue)],
  controllers: [ErasureController],
  providers: [ErasureService],
})
export class ErasureModule {}
