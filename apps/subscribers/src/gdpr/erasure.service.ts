import { donationsEventsQueue, InjectProducer, mailerDispatchQueue, type QueueProducer } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { cancelConfirmationLinks } from '../consent/confirmation-links';
import { appendConsentEvent } from '../consent/consent-ledger';
import { erasedEmailHash } from '../supporters/email-address';
import { SupporterNotFoundError } from '../supporters/supporters.errors';

/**
 * The right to erasure (UK GDPR art. 17). The supporter row stays as an anonymous shell so
 * donation totals and the consent ledger keep their reference; a SHA-256 tombstone of the address
 * keeps the person off marketing lists for good.
 */
@Injectable()
export class ErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectProducer(donationsEventsQueue)
    private readonly donations: QueueProducer<typeof donationsEventsQueue>,
    @InjectProducer(mailerDispatchQueue)
    private readonly mailer: QueueProducer<typeof mailerDispatchQueue>,
  ) {}

  /** Erases a supporter; erasing again re-sends the notices (deduplicated by job id) and changes nothing else. */
  async erase(supporterId: string): Promise<void> {
    const [supporter] = (await this.dataSource.query(
      `SELECT email_normalised FROM supporters WHERE id = $1`,
      [supporterId],
    )) as { email_normalised: string | null }[];
    if (!supporter) throw new SupporterNotFoundError(supporterId);
    // Told first: if the erasure below fails the caller retries it, and telling twice is harmless,
    // whereas an erasure committed without telling the other apps would leave their copies behind.
    const jobId = `forget-${supporterId}`;
    await this.donations.add('forget-supporter', { supporterId }, { jobId });
    await this.mailer.add(
      'forget-supporter',
      { supporterId, emailNormalised: supporter.email_normalised },
      { jobId },
    );
    await this.dataSource.transaction((manager) => this.erasePersonalData(manager, supporterId));
  }

  private async erasePersonalData(manager: EntityManager, supporterId: string): Promise<void> {
    const [live] = (await manager.query(
      `SELECT email_normalised FROM supporters WHERE id = $1 AND erased_at IS NULL FOR UPDATE`,
      [supporterId],
    )) as { email_normalised: string }[];
    if (!live) return;
    // The latest erasure counts: it withdrew any consent given before it, since an earlier one too.
    await manager.query(
      `INSERT INTO erased_emails (email_hash) VALUES ($1)
       ON CONFLICT (email_hash) DO UPDATE SET erased_at = now()`,
      [erasedEmailHash(live.email_normalised)],
    );
    await manager.query(
      `UPDATE supporters SET email = NULL, email_normalised = NULL, first_name = NULL, last_name = NULL,
              tags = '{}', notes = NULL, erased_at = now(), updated_at = now()
        WHERE id = $1`,
      [supporterId],
    );
    await manager.query(
      `UPDATE newsletter_subscriptions
          SET status = 'unsubscribed', unsubscribed_at = COALESCE(unsubscribed_at, now()), updated_at = now()
        WHERE supporter_id = $1`,
      [supporterId],
    );
    await cancelConfirmationLinks(manager, supporterId);
    await manager.query(
      `UPDATE consent_events SET ip = NULL, user_agent = NULL
        WHERE supporter_id = $1 AND (ip IS NOT NULL OR user_agent IS NOT NULL)`,
      [supporterId],
    );
    await appendConsentEvent(manager, supporterId, 'erased', { source: 'staff-erasure' });
  }
}
