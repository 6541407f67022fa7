import { Donation } from '@crm/entities';
import {
  afterCreatedAtSql,
  createdAtPosition,
  csvLine,
  decodeCursor,
  type Page,
  toPage,
} from '@crm/platform';
import { periodEndBefore } from '@crm/values';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OfflineGiftError } from '../offline-gifts/offline-gifts.errors';
import { toDonationDto } from './donation-dto';
import { byCampaign, byMonth, claimHolding, recurringIncome } from './donations.queries';
import type { DonationDto } from './dto/donation.dto';
import type { DonationSummaryDto } from './dto/donation-summary.dto';
import type { DonationFiltersDto } from './dto/list-donations-query.dto';
import type { PaidPeriodDto } from './dto/summary-query.dto';

const EXPORT_BATCH = 1000;

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
  'method',
  'reference',
];

/** Staff views of the donations: a filtered list, the CSV export and the totals. */
@Injectable()
export class DonationsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The donations the staff filters match, newest first from the cursor on. */
  async list(filters: DonationFiltersDto): Promise<Page<DonationDto>> {
    const query = this.dataSource.getRepository(Donation).createQueryBuilder('d');
    // Paid within the period: from its start, before its end (a date alone as `to` covers that day).
    if (filters.from) query.andWhere('d.paid_at >= CAST(:from AS timestamptz)', { from: filters.from });
    if (filters.to)
      query.andWhere('d.paid_at < CAST(:to AS timestamptz)', { to: periodEndBefore(filters.to) });
    if (filters.supporterId)
      query.andWhere('d.supporter_id = :supporterId', { supporterId: filters.supporterId });
    if (filters.email) query.andWhere('lower(d.email) = lower(:email)', { email: filters.email });
    if (filters.campaign) query.andWhere('d.campaign = :campaign', { campaign: filters.campaign });
    if (filters.status) query.andWhere('d.status = :status', { status: filters.status });
    if (filters.frequency) query.andWhere('d.frequency = :frequency', { frequency: filters.frequency });
    if (filters.method) query.andWhere('d.method = :method', { method: filters.method });
    const after = decodeCursor(filters.cursor, 'by-time');
    if (after) {
      query.andWhere(afterCreatedAtSql('donations', 'd', 'CAST(:at AS timestamptz)', 'CAST(:id AS uuid)'), {
        at: after.at,
        id: after.id,
      });
    }
    const donations = await query
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(filters.limit + 1)
      .getMany();
    return toPage(donations, filters.limit, positionOf, toDonationDto);
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
          d.method,
          d.reference,
        ]);
      }
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  async get(id: string): Promise<DonationDto> {
    const donation = await this.dataSource.getRepository(Donation).findOneBy({ id });
    if (!donation) throw OfflineGiftError.notFound(id);
    return { ...toDonationDto(donation), giftAidClaim: await claimHolding(this.dataSource, id) };
  }

  async summary(query: PaidPeriodDto): Promise<DonationSummaryDto> {
    const [months, campaigns, recurring] = await Promise.all([
      byMonth(this.dataSource, query),
      byCampaign(this.dataSource, query),
      recurringIncome(this.dataSource),
    ]);
    return { byMonth: months, byCampaign: campaigns, recurring };
  }
}

const positionOf = (donation: Donation) =>
  createdAtPosition({ created_at: donation.createdAt, id: donation.id });
