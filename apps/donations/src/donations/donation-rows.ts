import type { DonationFrequency, DonationStatus } from '@crm/entities';
import { decodeCursor } from '@crm/platform';
import { periodEndBefore } from '@crm/values';
import { SqlFilter } from '../common/sql-filter';
import type { DonationDto } from './dto/donation.dto';
import type { DonationFiltersDto } from './dto/list-donations-query.dto';
import type { PaidPeriodDto } from './dto/summary-query.dto';

export interface DonationRow {
  id: string;
  supporter_id: string | null;
  email: string | null;
  donor_name: string | null;
  amount: number;
  fee_amount: number;
  currency: string;
  frequency: DonationFrequency;
  status: DonationStatus;
  refunded_amount: number;
  dispute_status: string | null;
  campaign: string | null;
  recurring_donation_id: string | null;
  gift_aid_declaration_id: string | null;
  paid_at: Date | null;
  created_at: Date;
}

export const DONATION_COLUMNS = `d.id, d.supporter_id, d.email, d.donor_name, d.amount, d.fee_amount, d.currency,
  d.frequency, d.status, d.refunded_amount, d.dispute_status, d.campaign, d.recurring_donation_id,
  d.gift_aid_declaration_id, d.paid_at, d.created_at`;

/** Gifts paid within the period: from its start, before its end (a date alone as `to` covers that day). */
export const paidWithin = (period: PaidPeriodDto): SqlFilter =>
  new SqlFilter()
    .add('d.paid_at >= $?::timestamptz', period.from)
    .add('d.paid_at < $?::timestamptz', period.to && periodEndBefore(period.to));

/** The WHERE clause for the staff filters, newest first from the cursor on. */
export function donationFilter(filters: DonationFiltersDto): SqlFilter {
  return paidWithin(filters)
    .add('d.supporter_id = $?', filters.supporterId)
    .add('lower(d.email) = lower($?)', filters.email)
    .add('d.campaign = $?', filters.campaign)
    .add('d.status = $?', filters.status)
    .add('d.frequency = $?', filters.frequency)
    .after(decodeCursor(filters.cursor, 'by-time'), 'donations', 'd');
}

export const toDonationDto = (row: DonationRow): DonationDto => ({
  id: row.id,
  supporterId: row.supporter_id,
  email: row.email,
  donorName: row.donor_name,
  amount: row.amount,
  feeAmount: row.fee_amount,
  currency: row.currency,
  frequency: row.frequency,
  status: row.status,
  refundedAmount: row.refunded_amount,
  disputeStatus: row.dispute_status,
  campaign: row.campaign,
  recurringDonationId: row.recurring_donation_id,
  giftAid: row.gift_aid_declaration_id !== null,
  paidAt: row.paid_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});
