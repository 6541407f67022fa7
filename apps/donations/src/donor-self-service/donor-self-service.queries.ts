import { runSqlOne, sql, type SqlExecutor } from '@crm/sql';
import type { RecurringDonation } from '@crm/entities';
import type { EntityManager } from 'typeorm';

/** What a donor's page and emails show of their monthly gift. */
export type DonorGift = Pick<
  RecurringDonation,
  'id' | 'amount' | 'currency' | 'status' | 'cancelAtPeriodEnd' | 'currentPeriodEnd' | 'donorLinkVersion'
>;

/**
 * Records a change made through a donor link: the new amount, or the cancellation; either way the
 * link version moves on, so links sent before stop working. Answers the gift as changed.
 */
export function recordDonorChange(
  db: EntityManager,
  giftId: string,
  amount: number | null,
  cancel: boolean,
): Promise<DonorGift | null> {
  return runSqlOne<DonorGift>(
    db,
    sql`UPDATE recurring_donations SET
           amount = COALESCE(${amount}, amount),
           status = CASE WHEN ${cancel} THEN 'cancelled' ELSE status END,
           cancelled_at = CASE WHEN ${cancel} THEN COALESCE(cancelled_at, now()) ELSE cancelled_at END,
           donor_link_version = donor_link_version + 1,
           updated_at = now()
         WHERE id = ${giftId}
         RETURNING id, amount, currency, status, cancel_at_period_end AS "cancelAtPeriodEnd",
           current_period_end AS "currentPeriodEnd", donor_link_version AS "donorLinkVersion"`,
  );
}

/** Where to confirm a raise: the supporter's address if they have one and are not erased, else the gift's. */
export async function donorAddress(db: SqlExecutor, giftId: string): Promise<string | null> {
  const row = await runSqlOne<{ email: string | null }>(
    db,
    sql`SELECT CASE WHEN s.erased_at IS NULL THEN COALESCE(s.email, r.email) END AS email
          FROM recurring_donations r LEFT JOIN supporters s ON s.id = r.supporter_id
         WHERE r.id = ${giftId}`,
  );
  return row?.email ?? null;
}
