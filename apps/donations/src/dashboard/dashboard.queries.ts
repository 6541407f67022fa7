import { runSql, runSqlOne, type Sql, sql, type SqlExecutor } from '@crm/sql';
import { COUNTED_DONATION_STATUSES } from '@crm/entities';
import { claimableDonations } from '../gift-aid/gift-aid.queries';

/** Midnight at the start of this month or year in Europe/London, as an instant. */
const periodStart = (unit: 'month' | 'year'): Sql =>
  sql`date_trunc(${sql.raw(`'${unit}'`)}, now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London'`;

/** The period's income in one currency; the period's start is on every row, even when no gift came. */
export interface IncomeRow {
  from_time: Date;
  currency: string | null;
  /** bigint: a string from the driver. */
  amount: string | null;
  count: number;
}

/**
 * Gifts since the start of this month or year, per currency, counted as segments and profiles
 * count them (paid, net of refunds, fully refunded left out). One row with no currency when none.
 */
export async function incomeSince(db: SqlExecutor, unit: 'month' | 'year'): Promise<IncomeRow[]> {
  const { rows } = await runSql<IncomeRow>(
    db,
    sql`WITH period AS (SELECT ${periodStart(unit)} AS from_time)
       SELECT period.from_time, d.currency, sum(d.amount - d.refunded_amount)::bigint AS amount, count(d.id)::int AS count
         FROM period LEFT JOIN donations d
           ON d.paid_at >= period.from_time AND d.status = ANY(${sql.typed(COUNTED_DONATION_STATUSES, 'text[]')})
        GROUP BY period.from_time, d.currency ORDER BY d.currency`,
  );
  return rows;
}

/** Donors of an active monthly gift; a gift not yet linked to a supporter is its own donor. */
export async function activeMonthlyDonors(db: SqlExecutor): Promise<number> {
  const row = await runSqlOne<{ count: number }>(
    db,
    sql`SELECT count(DISTINCT coalesce(supporter_id, id))::int AS count FROM recurring_donations WHERE status = 'active'`,
  );
  return row?.count ?? 0;
}

/** What the active monthly gifts bring each month, per currency (`amount` a bigint, so a string). */
export async function activeMonthlyIncome(db: SqlExecutor): Promise<{ currency: string; amount: string }[]> {
  const { rows } = await runSql<{ currency: string; amount: string }>(
    db,
    sql`SELECT currency, sum(amount)::bigint AS amount FROM recurring_donations
          WHERE status = 'active' GROUP BY currency ORDER BY currency`,
  );
  return rows;
}

/** What `POST /gift-aid/claims` would claim now: the same eligibility and amounts (gift plus covered fees). */
export async function claimableNow(
  db: SqlExecutor,
  since: Date,
): Promise<{ donations: number; amount: string }> {
  const row = await runSqlOne<{ donations: number; amount: string }>(
    db,
    sql`SELECT count(*)::int AS donations, coalesce(sum(d.amount + d.fee_amount), 0)::bigint AS amount ${claimableDonations('d', 'g', since)}`,
  );
  return row ?? { donations: 0, amount: '0' };
}
