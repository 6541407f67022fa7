import { createdAtPosition, type Page, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { csvLine } from '../common/csv';
import {
  DONATION_COLUMNS,
  donationFilter,
  type DonationRow,
  paidWithin,
  toDonationDto,
} from './donation-rows';
import type { DonationDto } from './dto/donation.dto';
import type {
  CampaignTotalDto,
  DonationSummaryDto,
  PeriodTotalDto,
  RecurringIncomeDto,
} from './dto/donation-summary.dto';
import type { DonationFiltersDto } from './dto/list-donations-query.dto';
import type { PaidPeriodDto } from './dto/summary-query.dto';

const EXPORT_BATCH = 1000;
const COUNTED = `d.status IN ('succeeded', 'partially_refunded', 'refunded') AND d.paid_at IS NOT NULL`;

const EXPORT_HEADER = [
  'id',
  'paid_at',
  'created_at',
  'status',
  'frequency',
  'amount',
  'fee_amount',
  'refunded_amount',
  'currency',
  'campaign',
  'email',
  'donor_name',
  'supporter_id',
  'recurring_donation_id',
  'gift_aid',
  'dispute_status',
];

/** Staff views of the donations: a filtered list, the CSV export and the totals. */
@Injectable()
export class DonationsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(filters: DonationFiltersDto): Promise<Page<DonationDto>> {
    const filter = donationFilter(filters);
    const limit = filter.bind(filters.limit + 1);
    const rows: DonationRow[] = await this.dataSource.query(
      `SELECT ${DONATION_COLUMNS} FROM donations d ${filter.where}
       ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, filters.limit, createdAtPosition, toDonationDto);
  }

  /** Every matching donation, fetched a batch at a time so the export never holds them all. */
  async *exportCsv(filters: DonationFiltersDto): AsyncGenerator<string> {
    yield csvLine(EXPORT_HEADER);
    let cursor: string | undefined;
    for (;;) {
      const page = await this.list({ ...filters, cursor, limit: EXPORT_BATCH });
      for (const d of page.items) {
        yield csvLine([
          d.id,
          d.paidAt,
          d.createdAt,
          d.status,
          d.frequency,
          d.amount,
          d.feeAmount,
          d.refundedAmount,
          d.currency,
          d.campaign,
          d.email,
          d.donorName,
          d.supporterId,
          d.recurringDonationId,
          d.giftAid ? 'yes' : 'no',
          d.disputeStatus,
        ]);
      }
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  async summary(query: PaidPeriodDto): Promise<DonationSummaryDto> {
    const filter = paidWithin(query);
    const where = `WHERE ${COUNTED} ${filter.andWhere}`;
    const totals = `count(*)::int AS count, sum(d.amount)::float8 AS amount, sum(d.refunded_amount)::float8 AS "refundedAmount"`;
    // float8 sums arrive as JS numbers, exact for integers far beyond any realistic total.
    const [byMonth, byCampaign, recurring] = await Promise.all([
      this.dataSource.query<PeriodTotalDto[]>(
        `SELECT to_char(d.paid_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, d.currency, ${totals}
         FROM donations d ${where} GROUP BY 1, 2 ORDER BY 1, 2`,
        filter.params,
      ),
      this.dataSource.query<CampaignTotalDto[]>(
        `SELECT d.campaign, d.currency, ${totals} FROM donations d ${where}
         GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2`,
        filter.params,
      ),
      this.dataSource.query<RecurringIncomeDto[]>(
        `SELECT currency,
           count(DISTINCT COALESCE(supporter_id::text, lower(email), id::text))::int AS "activeDonors",
           sum(amount)::float8 AS amount
         FROM recurring_donations WHERE status = 'active' GROUP BY currency ORDER BY currency`,
      ),
    ]);
    return { byMonth, byCampaign, recurring };
  }
}
