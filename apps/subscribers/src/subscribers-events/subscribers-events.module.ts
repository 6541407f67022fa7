import { donationsEventsQueue, QueuesModule, subscribersEventsQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { AudienceUseService } from '../audience-use/audience-use.service';
import { DonorsService } from '../donors/donors.service';
import { MailFeedbackService } from '../mail-feedback/mail-feedback.service';
import { SubscribersEventsProcessor } from './subscribers-events.processor';

@Module({
  imports: [QueuesModule.forQueues(subscribersEventsQueue, donationsEventsQueue)],
  providers: [SubscribersEventsProcessor, DonorsService, MailFeedbackService, AudienceUseService],
})
export class SubscribersEventsModule {}
