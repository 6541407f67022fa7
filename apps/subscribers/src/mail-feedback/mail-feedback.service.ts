import type { JobOf, subscribersEventsQueue } from '@crm/queues';
import { normaliseEmail } from '@crm/values';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { withdrawConsent } from '../consent/withdraw-consent';
import { lockSupporterByAddress } from '../supporters/supporters.queries';

/** Bounces, complaints and provider-side unsubscribes reported by the mailer stop newsletter mail. */
@Injectable()
export class MailFeedbackService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns whether a subscription changed; an unknown or erased address changes nothing. */
  async recordFeedback(
    feedback: JobOf<typeof subscribersEventsQueue, 'record-mail-feedback'>,
  ): Promise<boolean> {
    const normalised = normaliseEmail(feedback.email);
    return this.dataSource.transaction(async (manager) => {
      const supporter = await lockSupporterByAddress(manager, normalised);
      if (!supporter) return false;
      return withdrawConsent(manager, supporter.id, feedback.kind, {
        source: feedback.source,
        occurredAt: new Date(feedback.occurredAt),
      });
    });
  }
}
