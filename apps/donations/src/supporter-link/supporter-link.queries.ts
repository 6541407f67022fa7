import { runSql, runSqlOne, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';

/** The monthly gift named, or the one the donation is an instalment of. */
export function giftToLink(
  db: EntityManager,
  recurringDonationId: string | null,
  donationId: string | null,
): Promise<{ id: string; stripe_subscription_id: string } | null> {
  return runSqlOne<{ id: string; stripe_subscription_id: string }>(
    db,
    sql`SELECT id, stripe_subscription_id FROM recurring_donations
         WHERE id = ${recurringDonationId} OR id = (SELECT recurring_donation_id FROM donations WHERE id = ${donationId})`,
  );
}

/** The Gift Aid declarations of the donation and of the monthly gift's instalments. */
export async function linkDeclarations(
  db: EntityManager,
  supporterId: string,
  donationId: string | null,
  recurringId: string | null,
): Promise<void> {
  await runSql(
    db,
    sql`UPDATE gift_aid_declarations g SET supporter_id = ${supporterId}
         WHERE g.id IN (SELECT gift_aid_declaration_id FROM donations WHERE id = ${donationId} OR recurring_donation_id = ${recurringId})`,
  );
}
