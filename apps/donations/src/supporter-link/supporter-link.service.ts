import type { JobOf, donationsEventsQueue } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { lockStripeObjects } from '../stripe-events/stripe-object-locks';
import { FORGET_IN_INBOX } from '../common/forget-in-inbox';

type LinkSupporter = JobOf<typeof donationsEventsQueue, 'link-supporter'>;

/** Facts from the subscribers app about who gave: the supporter behind a gift, or an erasure. */
@Injectable()
export class SupporterLinkService {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets the supporter on the donation, its monthly gift, their other instalments and Gift Aid declaration. */
  async link({ supporterId, donationId, recurringDonationId }: LinkSupporter): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      // Same lock as the instalments' processing, so an instalment recorded meanwhile is not missed.
      const [gift] = await db.query<{ id: string; stripe_subscription_id: string }[]>(
        `SELECT id, stripe_subscription_id FROM recurring_donations
         WHERE id = $1 OR id = (SELECT recurring_donation_id FROM donations WHERE id = $2)`,
        [recurringDonationId ?? null, donationId ?? null],
      );
      await lockStripeObjects(db, [gift?.stripe_subscription_id ?? null]);
      if (donationId) {
        await db.query('UPDATE donations SET supporter_id = $1, updated_at = now() WHERE id = $2', [
          supporterId,
          donationId,
        ]);
      }
      const recurringId = gift?.id ?? null;
      if (recurringId) {
        await db.query(
          `UPDATE recurring_donations SET supporter_id = $1, updated_at = now() WHERE id = $2;`,
          [supporterId, recurringId],
        );
        await db.query(
          `UPDATE donations SET supporter_id = $1, updated_at = now()
           WHERE recurring_donation_id = $2 AND supporter_id IS NULL`,
          [supporterId, recurringId],
        );
      }
      await db.query(
        `UPDATE gift_aid_declarations g SET supporter_id = $1
         WHERE g.id IN (SELECT gift_aid_declaration_id FROM donations WHERE id = $2 OR recurring_donation_id = $3)`,
        [supporterId, donationId ?? null, recurringId],
      );
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
    await this.dataSource.transaction(async (db) => {
      await db.query(FORGET_IN_INBOX, [supporterId]);
      await db.query(
        `UPDATE donations SET email = NULL, donor_name = NULL, donor_forgotten_at = COALESCE(donor_forgotten_at, now()),
           updated_at = now() WHERE supporter_id = $1`,
        [supporterId],
      );
      await db.query(
        `UPDATE recurring_donations SET email = NULL, donor_name = NULL, donor_forgotten_at = COALESCE(donor_forgotten_at, now()),
           donor_link_version = donor_link_version + 1, updated_at = now() WHERE supporter_id = $1`,
        [supporterId],
      );
    });
  }
}
