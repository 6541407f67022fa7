import type { RecurringStatus } from '@crm/entities';
import { createdAtPosition, decodeCursor, type Page, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlFilter } from '../common/sql-filter';
import type { ListRecurringQueryDto } from './dto/list-recurring-query.dto';
import type { RecurringDonationDto } from './dto/recurring-donation.dto';

export interface RecurringRow {
  id: string;
  supporter_id: string | null;
  email: string | null;
  donor_name: string | null;
  amount: number;
  currency: string;
  status: RecurringStatus;
  cancel_at_period_end: boolean;
  campaign: string | null;
  current_period_end: Date | null;
  started_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  stripe_subscription_id: string;
}

export const toRecurringDto = (row: RecurringRow): RecurringDonationDto => ({
  id: row.id,
  supporterId: row.supporter_id,
  email: row.email,
  donorName: row.donor_name,
  amount: row.amount,
  currency: row.currency,
  status: row.status,
  cancelAtPeriodEnd: row.cancel_at_period_end,
  campaign: row.campaign,
  currentPeriodEnd: row.current_period_end?.toISOString() ?? null,
  startedAt: row.started_at?.toISOString() ?? null,
  cancelledAt: row.cancelled_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

@Injectable()
export class RecurringService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ListRecurringQueryDto): Promise<Page<RecurringDonationDto>> {
    const filter = new SqlFilter()
      .add('r.status = $?', query.status)
      .add('r.supporter_id = $?', query.supporterId)
      .add('lower(r.email) = lower($?)', query.email)
      .add('r.campaign = $?', query.campaign)
      .after(decodeCursor(query.cursor, 'by-time'), 'recurring_donations', 'r');
    const limit = filter.bind(query.limit + 1);
    const rows: RecurringRow[] = await this.dataSource.query(
      `SELECT r.* FROM recurring_donations r ${filter.where} ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, query.limit, createdAtPosition, toRecurringDto);
  }
}
