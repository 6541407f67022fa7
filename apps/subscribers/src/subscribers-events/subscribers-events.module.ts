import { donationsEventsQueue, QueuesModule, subscribersEventsQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { AudienceUseService } from '../audience-use/audience-use.service';
import { DonorsService } from '../donors/donors.service';
import { MailFeedbackService } from '../mail-feedback/mail-feedback.service';
import { DonorMarketingService } from '../soft-opt-in/donor-marketing.service';
import { SubscribeModule } from '../subscribe/subscribe.module';
import { SubscribersEventsProcessor } from './subscribers-events.processor';

@Module({
  imports: [QueuesModule.forQueues(subscribersEventsQueue, donationsEventsQueue), SubscribeModule],
  providers: [
    SubscribersEventsProcessor,
    DonorsService,
    DonorMarketingService,
    MailFeedbackService,
    AudienceUseService,
  ],
})
export class SubscribersEventsModule {}
