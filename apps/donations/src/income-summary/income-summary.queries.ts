import { COUNTED_DONATION_STATUSES } from '@crm/entities';
import { runSql, runSqlOne, type Sql, sql, type SqlExecutor } from '@crm/sql';

/** Midnight on 1 January this year, London wall-clock time (a timestamp without zone). */
const YEAR_START = sql`date_trunc('year', now() AT TIME ZONE 'Europe/London')`;
const LOCAL_PAID = sql`(d.paid_at AT TIME ZONE 'Europe/London')`;
const NET = sql`(d.amount - d.refunded_amount)`;

/** Counted as the dashboard counts: paid, net of refunds, in one currency, since 1 January last year. */
const countedSinceLastYear = (currency: string): Sql =>
  sql`d.status = ANY(${sql.typed(COUNTED_DONATION_STATUSES, 'text[]')}) AND d.paid_at IS NOT NULL
      AND d.currency = ${currency} AND ${LOCAL_PAID} >= ${YEAR_START} - interval '1 year'`;

export interface MonthRow {
  month: number;
  thisYear: number;
  lastYear: number;
  oneOff: number;
  monthly: number;
}

export async function thisYear(db: SqlExecutor): Promise<number> {
  const row = await runSqlOne<{ year: number }>(
    db,
    sql`SELECT extract(year FROM ${YEAR_START})::int AS year`,
  );
  return row!.year;
}

/** Per month of the year: this year, the same month last year, and this year's one-off and monthly. */
export async function incomeByMonth(db: SqlExecutor, currency: string): Promise<MonthRow[]> {
  const thisYearOnly = sql`${LOCAL_PAID} >= ${YEAR_START}`;
  const { rows } = await runSql<MonthRow>(
    db,
    sql`SELECT extract(month FROM ${LOCAL_PAID})::int AS month,
           coalesce(sum(${NET}) FILTER (WHERE ${thisYearOnly}), 0)::float8 AS "thisYear",
           coalesce(sum(${NET}) FILTER (WHERE NOT ${thisYearOnly}), 0)::float8 AS "lastYear",
           coalesce(sum(${NET}) FILTER (WHERE ${thisYearOnly} AND d.frequency = 'one_off'), 0)::float8 AS "oneOff",
           coalesce(sum(${NET}) FILTER (WHERE ${thisYearOnly} AND d.frequency = 'monthly'), 0)::float8 AS monthly
         FROM donations d WHERE ${countedSinceLastYear(currency)}
        GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

/** This year's income per campaign, largest first (gifts with none together). */
export async function incomeByCampaign(
  db: SqlExecutor,
  currency: string,
): Promise<{ campaign: string | null; amount: number; count: number }[]> {
  const { rows } = await runSql<{ campaign: string | null; amount: number; count: number }>(
    db,
    sql`SELECT d.campaign, sum(${NET})::float8 AS amount, count(*)::int AS count
         FROM donations d WHERE ${countedSinceLastYear(currency)} AND ${LOCAL_PAID} >= ${YEAR_START}
        GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST`,
  );
  return rows;
}
