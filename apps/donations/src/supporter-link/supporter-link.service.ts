import { Donation, RecurringDonation } from '@crm/entities';
import type { JobOf, donationsEventsQueue } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { lockStripeObjects } from '../stripe-events/stripe-object-locks';
import { forgetDonor } from '../common/forget-in-inbox';
import { giftToLink, linkDeclarations } from './supporter-link.queries';

type LinkSupporter = JobOf<typeof donationsEventsQueue, 'link-supporter'>;

/** Facts from the subscribers app about who gave: the supporter behind a gift, or an erasure. */
@Injectable()
export class SupporterLinkService {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets the supporter on the donation, its monthly gift, their other instalments and Gift Aid declaration. */
  async link({ supporterId, donationId, recurringDonationId }: LinkSupporter): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      // Same lock as the instalments' processing, so an instalment recorded meanwhile is not missed.
      const gift = await giftToLink(db, recurringDonationId ?? null, donationId ?? null);
      await lockStripeObjects(db, [gift?.stripe_subscription_id ?? null]);
      const donations = db.getRepository(Donation);
      if (donationId) await donations.update({ id: donationId }, { supporterId });
      const recurringId = gift?.id ?? null;
      if (recurringId) {
        await db.getRepository(RecurringDonation).update({ id: recurringId }, { supporterId });
        await donations.update({ recurringDonationId: recurringId, supporterId: IsNull() }, { supporterId });
      }
      await linkDeclarations(db, supporterId, donationId ?? null, recurringId);
    });
  }

  /**
   * Erasure: the donor's email and name go, from the donations and from the Stripe events kept in
   * the inbox (so reprocessing one cannot bring them back); amounts stay for the accounts. Gift Aid
   * declarations (name, house, postcode) stay: HMRC requires them for 6 years after the claim.
   * The rows are marked, so a later event about the same payment does not fill them in again, and
   * the monthly gifts' donor links are revoked (their version moves on; the mark refuses them too).
   */
  async forget(supporterId: string): Promise<void> {
    await this.dataSource.transaction((db) => forgetDonor(db, supporterId));
  }
}
