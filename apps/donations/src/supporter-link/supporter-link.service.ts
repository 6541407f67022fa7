import { Donation, RecurringDonation } from '@crm/entities';
import type { JobOf, donationsEventsQueue } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { lockStripeObjects } from '../stripe-batching/stripe-object-locks';
import { giftToLink, linkDeclarations } from './supporter-link.queries';

type LinkSupporter = JobOf<typeof donationsEventsQueue, 'link-supporter'>;

/** Facts from the subscribers app about who gave: the supporter behind a gift (an erasure: see erasure/). */
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
}
