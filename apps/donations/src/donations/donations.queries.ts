import { runSql, type Sql, sql, type SqlExecutor } from '@crm/sql';
import { periodEndBefore } from '@crm/values';
import type { CampaignTotalDto, PeriodTotalDto, RecurringIncomeDto } from './dto/donation-summary.dto';
import type { GiftClaimRefDto } from './dto/donation.dto';
import type { PaidPeriodDto } from './dto/summary-query.dto';

/** Donations the totals count: paid, including those refunded since (their refunds are totalled beside). */
const counted = (d: string): Sql =>
  sql`${sql.ident(d)}.status IN ('succeeded', 'partially_refunded', 'refunded') AND ${sql.ident(d)}.paid_at IS NOT NULL`;

/** Gifts paid within the period: from its start, before its end (a date alone as `to` covers that day). */
const paidWithin = (d: string, period: PaidPeriodDto): Sql[] => [
  ...(period.from ? [sql`${sql.ident(d)}.paid_at >= ${sql.typed(period.from, 'timestamptz')}`] : []),
  ...(period.to
    ? [sql`${sql.ident(d)}.paid_at < ${sql.typed(periodEndBefore(period.to), 'timestamptz')}`]
    : []),
];

const countedWithin = (period: PaidPeriodDto): Sql =>
  sql`WHERE ${sql.join([counted('d'), ...paidWithin('d', period)], ' AND ')}`;

// float8 sums arrive as JS numbers, exact for integers far beyond any realistic total.
const TOTALS = sql`count(*)::int AS count, sum(d.amount)::float8 AS amount, sum(d.refunded_amount)::float8 AS "refundedAmount"`;

/** The period's counted gifts per calendar month (UTC) and currency. */
export async function byMonth(db: SqlExecutor, period: PaidPeriodDto): Promise<PeriodTotalDto[]> {
  const { rows } = await runSql<PeriodTotalDto>(
    db,
    sql`SELECT to_char(d.paid_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, d.currency, ${TOTALS}
         FROM donations d ${countedWithin(period)} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows;
}

/** The period's counted gifts per campaign (none last) and currency. */
export async function byCampaign(db: SqlExecutor, period: PaidPeriodDto): Promise<CampaignTotalDto[]> {
  const { rows } = await runSql<CampaignTotalDto>(
    db,
    sql`SELECT d.campaign, d.currency, ${TOTALS} FROM donations d ${countedWithin(period)}
         GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2`,
  );
  return rows;
}

/** What the active monthly gifts bring each month, per currency, and from how many donors. */
export async function recurringIncome(db: SqlExecutor): Promise<RecurringIncomeDto[]> {
  const { rows } = await runSql<RecurringIncomeDto>(
    db,
    sql`SELECT currency,
           count(DISTINCT COALESCE(supporter_id::text, lower(email), id::text))::int AS "activeDonors",
           sum(amount)::float8 AS amount
         FROM recurring_donations WHERE status = 'active' GROUP BY currency ORDER BY currency`,
  );
  return rows;
}

/** The claim holding a gift (a rejected claim's released gifts are held by none), newest first. */
export async function claimHolding(db: SqlExecutor, donationId: string): Promise<GiftClaimRefDto | null> {
  const { rows } = await runSql<{ id: string; status: string; createdAt: Date }>(
    db,
    sql`SELECT c.id, c.status, c.created_at AS "createdAt"
         FROM gift_aid_claim_items i JOIN gift_aid_claims c ON c.id = i.claim_id
        WHERE i.donation_id = ${donationId} AND NOT i.released
        ORDER BY c.created_at DESC LIMIT 1`,
  );
  const row = rows[0];
  return row ? { id: row.id, status: row.status, createdAt: row.createdAt.toISOString() } : null;
}
