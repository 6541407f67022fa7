import { COUNTED_DONATION_STATUSES } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ELIGIBLE } from '../gift-aid/gift-aid.service';
import type { DonationsDashboardDto, IncomePeriodDto } from './dto/donations-dashboard.dto';

/** Midnight at the start of this month or year in Europe/London, as an instant. */
const periodStart = (unit: 'month' | 'year'): string =>
  `date_trunc('${unit}', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London'`;

/** The donations app's figures on the console's home screen. */
@Injectable()
export class DashboardService {
  constructor(private readonly dataSource: DataSource) {}

  async figures(): Promise<DonationsDashboardDto> {
    const [thisMonth, yearToDate, monthlyDonors, giftAidClaimable] = await Promise.all([
      this.income('month'),
      this.income('year'),
      this.monthlyDonors(),
      this.giftAidClaimable(),
    ]);
    return { thisMonth, yearToDate, monthlyDonors, giftAidClaimable };
  }

  /** Gifts counted as segments and profiles count them (paid, net of refunds, fully refunded left out). */
  private async income(unit: 'month' | 'year'): Promise<IncomePeriodDto> {
    const rows = (await this.dataSource.query(
      `WITH period AS (SELECT ${periodStart(unit)} AS from_time)
       SELECT period.from_time, d.currency, sum(d.amount - d.refunded_amount)::bigint AS amount, count(d.id)::int AS count
         FROM period LEFT JOIN donations d
           ON d.paid_at >= period.from_time AND d.status = ANY($1::text[])
        GROUP BY period.from_time, d.currency ORDER BY d.currency`,
      [COUNTED_DONATION_STATUSES],
    )) as { from_time: Date; currency: string | null; amount: string | null; count: number }[];
    return {
      from: rows[0]!.from_time.toISOString(),
      totals: rows
        .filter((row) => row.currency !== null)
        .map((row) => ({ currency: row.currency!, amount: Number(row.amount), count: row.count })),
    };
  }

  private async monthlyDonors(): Promise<DonationsDashboardDto['monthlyDonors']> {
    const [[donors], income] = (await Promise.all([
      // A gift not yet linked to a supporter is its own donor.
      this.dataSource.query(
        `SELECT count(DISTINCT coalesce(supporter_id, id))::int AS count FROM recurring_donations WHERE status = 'active'`,
      ),
      this.dataSource.query(
        `SELECT currency, sum(amount)::bigint AS amount FROM recurring_donations
          WHERE status = 'active' GROUP BY currency ORDER BY currency`,
      ),
    ])) as [{ count: number }[], { currency: string; amount: string }[]];
    return {
      donors: donors!.count,
      monthlyIncome: income.map((row) => ({ currency: row.currency, amount: Number(row.amount) })),
    };
  }

  /** What `POST /gift-aid/claims` would claim now: the same eligibility and amounts (gift plus covered fees). */
  private async giftAidClaimable(): Promise<DonationsDashboardDto['giftAidClaimable']> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS donations, coalesce(sum(d.amount + d.fee_amount), 0)::bigint AS amount ${ELIGIBLE}`,
    )) as { donations: number; amount: string }[];
    const amount = Number(row!.amount);
    return {
      donations: row!.donations,
      donationsAmount: amount,
      reclaimable: Math.floor(amount / 4),
      currency: 'gbp',
    };
  }
}
