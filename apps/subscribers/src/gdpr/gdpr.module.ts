import { donationsEventsQueue, mailerDispatchQueue, QueuesModule } from '@crm/queues';
import { Module } from '@nestjs/common';
import { SupportersModule } from '../supporters/supporters.module';
import { ErasureService } from './erasure.service';
import { GdprController } from './gdpr.controller';
import { SubjectAccessService } from './subject-access.service';

@Module({
  imports: [SupportersModule, QueuesModule.forQueues(donationsEventsQueue, mailerDispatchQueue)],
  controllers: [GdprController],
  providers: [SubjectAccessService, ErasureService],
})
export class GdprModule {}
