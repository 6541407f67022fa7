import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DonationsConfig } from '../config/donations.config';
import { claimableSince } from '../gift-aid/claim-time-limit';
import { activeMonthlyDonors, activeMonthlyIncome, claimableNow, incomeSince } from './dashboard.queries';
import type { DonationsDashboardDto, IncomePeriodDto } from './dto/donations-dashboard.dto';

/** The donations app's figures on the console's home screen. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
  ) {}

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
    const rows = await incomeSince(this.dataSource, unit);
    return {
      from: rows[0]!.from_time.toISOString(),
      totals: rows.flatMap((row) =>
        row.currency === null
          ? []
          : [{ currency: row.currency, amount: Number(row.amount), count: row.count }],
      ),
    };
  }

  private async monthlyDonors(): Promise<DonationsDashboardDto['monthlyDonors']> {
    const [donors, income] = await Promise.all([
      activeMonthlyDonors(this.dataSource),
      activeMonthlyIncome(this.dataSource),
    ]);
    return {
      donors,
      monthlyIncome: income.map((row) => ({ currency: row.currency, amount: Number(row.amount) })),
    };
  }

  /** What `POST /gift-aid/claims` would claim now: the same eligibility and amounts (gift plus covered fees). */
  private async giftAidClaimable(): Promise<DonationsDashboardDto['giftAidClaimable']> {
    const row = await claimableNow(
      this.dataSource,
      claimableSince(this.config.GIFT_AID_ACCOUNTING_PERIOD_END),
    );
    const amount = Number(row.amount);
    return {
      donations: row.donations,
      donationsAmount: amount,
      reclaimable: Math.floor(amount / 4),
      currency: 'gbp',
    };
  }
}
