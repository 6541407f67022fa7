import { RecurringDonation } from '@crm/entities';
import { afterCreatedAtSql, createdAtPosition, decodeCursor, type Page, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListRecurringQueryDto } from './dto/list-recurring-query.dto';
import type { RecurringDonationDto } from './dto/recurring-donation.dto';

const toRecurringDto = (gift: RecurringDonation): RecurringDonationDto => ({
  id: gift.id,
  supporterId: gift.supporterId,
  email: gift.email,
  donorName: gift.donorName,
  amount: gift.amount,
  currency: gift.currency,
  status: gift.status,
  cancelAtPeriodEnd: gift.cancelAtPeriodEnd,
  campaign: gift.campaign,
  currentPeriodEnd: gift.currentPeriodEnd?.toISOString() ?? null,
  startedAt: gift.startedAt?.toISOString() ?? null,
  cancelledAt: gift.cancelledAt?.toISOString() ?? null,
  createdAt: gift.createdAt.toISOString(),
});

@Injectable()
export class RecurringService {
  constructor(private readonly dataSource: DataSource) {}

  /** The monthly gifts the staff filters match, newest first from the cursor on. */
  async list(query: ListRecurringQueryDto): Promise<Page<RecurringDonationDto>> {
    const gifts = this.dataSource.getRepository(RecurringDonation).createQueryBuilder('r');
    if (query.status) gifts.andWhere('r.status = :status', { status: query.status });
    if (query.supporterId)
      gifts.andWhere('r.supporter_id = :supporterId', { supporterId: query.supporterId });
    if (query.email) gifts.andWhere('lower(r.email) = lower(:email)', { email: query.email });
    if (query.campaign) gifts.andWhere('r.campaign = :campaign', { campaign: query.campaign });
    const after = decodeCursor(query.cursor, 'by-time');
    if (after) {
      gifts.andWhere(
        afterCreatedAtSql('recurring_donations', 'r', 'CAST(:at AS timestamptz)', 'CAST(:id AS uuid)'),
        { at: after.at, id: after.id },
      );
    }
    const rows = await gifts
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(query.limit + 1)
      .getMany();
    return toPage(
      rows,
      query.limit,
      (gift) => createdAtPosition({ created_at: gift.createdAt, id: gift.id }),
      toRecurringDto,
    );
  }
}
