import { addressHash } from '@crm/values';
import { ContactPreferenceEvent, ErasedEmail, Supporter } from '@crm/entities';
import { donationsEventsQueue, InjectProducer, mailerDispatchQueue, type QueueProducer } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { cancelConfirmationLinks } from '../consent/confirmation-links';
import { appendConsentEvent } from '../consent/consent-ledger';
import { SupporterNotFoundError } from '../supporters/supporters.errors';
import { lockLiveSupporter } from '../supporters/supporters.queries';
import { clearConsentEvidence, forgetMarketingChoices, unsubscribeErased } from './erasure.queries';

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
    const supporter = await this.dataSource
      .getRepository(Supporter)
      .findOne({ where: { id: supporterId }, select: { id: true, emailNormalised: true } });
    if (!supporter) throw new SupporterNotFoundError(supporterId);
    // Told first: if the erasure below fails the caller retries it, and telling twice is harmless,
    // whereas an erasure committed without telling the other apps would leave their copies behind.
    const jobId = `forget-${supporterId}`;
    await this.donations.add('forget-supporter', { supporterId }, { jobId });
    await this.mailer.add(
      'forget-supporter',
      { supporterId, emailNormalised: supporter.emailNormalised },
      { jobId },
    );
    await this.dataSource.transaction((manager) => this.erasePersonalData(manager, supporterId));
  }

  private async erasePersonalData(manager: EntityManager, supporterId: string): Promise<void> {
    const live = await lockLiveSupporter(manager, supporterId);
    if (!live) return;
    // The latest erasure counts: it withdrew any consent given before it, since an earlier one too.
    await manager.upsert(
      ErasedEmail,
      { emailHash: addressHash(live.email_normalised), erasedAt: () => 'now()' },
      ['emailHash'],
    );
    await manager.update(
      Supporter,
      { id: supporterId },
      {
        email: null,
        emailNormalised: null,
        firstName: null,
        lastName: null,
        tags: [],
        notes: null,
        addressLines: [],
        town: null,
        postcode: null,
        country: null,
        phone: null,
        dateOfDeath: null,
        erasedAt: () => 'now()',
        updatedAt: () => 'now()',
      },
    );
    await unsubscribeErased(manager, supporterId);
    await forgetMarketingChoices(manager, supporterId);
    await cancelConfirmationLinks(manager, supporterId);
    await clearConsentEvidence(manager, supporterId);
    // Staff notes on contact preferences are free text that may say anything about the person.
    await manager.update(ContactPreferenceEvent, { supporterId }, { note: null });
    await appendConsentEvent(manager, supporterId, 'erased', { source: 'staff-erasure' });
  }
}
