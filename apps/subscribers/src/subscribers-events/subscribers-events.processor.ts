import { ContractWorker, type JobHandlers, subscribersEventsQueue } from '@crm/queues';
import { Processor } from '@nestjs/bullmq';
import { AudienceUseService } from '../audience-use/audience-use.service';
import { DonorsService } from '../donors/donors.service';
import { MailFeedbackService } from '../mail-feedback/mail-feedback.service';

/** Facts from the donations and mailer apps about the people this app owns. */
@Processor(subscribersEventsQueue.name)
export class SubscribersEventsProcessor extends ContractWorker<typeof subscribersEventsQueue> {
  protected readonly contract = subscribersEventsQueue;
  protected readonly handlers: JobHandlers<typeof subscribersEventsQueue> = {
    'record-donor': (donor) => this.donors.recordDonor(donor),
    'record-mail-feedback': (feedback) => this.mailFeedback.recordFeedback(feedback),
    'record-audience-use': (use) => this.audienceUse.recordUse(use),
  };

  constructor(
    private readonly donors: DonorsService,
    private readonly mailFeedback: MailFeedbackService,
    private readonly audienceUse: AudienceUseService,
  ) {
    super();
  }
}
