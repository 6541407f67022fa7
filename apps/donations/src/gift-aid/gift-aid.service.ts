import { createdAtPosition, decodeCursor, type Page, type PageQueryDto, toPage } from '@crm/platform';
import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { csvLine } from '../common/csv';
import { SqlFilter } from '../common/sql-filter';
import type { CreateClaimDto, EligibleDonationDto, GiftAidClaimDto } from './dto/gift-aid.dto';
import { SCHEDULE_HEADER, SCHEDULE_MAX_LINES, scheduleLine, type ScheduleRow } from './gift-aid-schedule';

/**
 * A donation is claimable when it was paid in pounds, is neither refunded nor lost to a dispute,
 * was made under a declaration not cancelled before it, and is in no claim yet.
 */
export const ELIGIBLE = `
  FROM donations d
  JOIN gift_aid_declarations g ON g.id = d.gift_aid_declaration_id
  WHERE d.status = 'succeeded' AND d.refunded_amount = 0 AND d.currency = 'gbp' AND d.paid_at IS NOT NULL
    AND (d.dispute_status IS NULL OR d.dispute_status IN ('won', 'warning_closed'))
    AND (g.cancelled_at IS NULL OR d.paid_at < g.cancelled_at)
    AND NOT EXISTS (SELECT 1 FROM gift_aid_claim_items i WHERE i.donation_id = d.id)`;

interface EligibleRow {
  id: string;
  created_at: Date;
  amount: number;
  currency: string;
  paid_at: Date;
  declaration_id: string;
  title: string | null;
  first_name: string;
  last_name: string;
  house_name_or_number: string;
  postcode: string;
}

const toEligibleDto = (row: EligibleRow): EligibleDonationDto => ({
  donationId: row.id,
  amount: row.amount,
  currency: row.currency,
  paidAt: row.paid_at.toISOString(),
  declarationId: row.declaration_id,
  title: row.title,
  firstName: row.first_name,
  lastName: row.last_name,
  houseNameOrNumber: row.house_name_or_number,
  postcode: row.postcode,
});

/** A claim's row with the donations needing an adjustment: read per claim returned, not for all first. */
const CLAIM_COLUMNS = `c.id, c.donation_count, c.total_amount, c.currency, c.created_at,
  ARRAY(SELECT i.donation_id FROM gift_aid_claim_items i
         WHERE i.claim_id = c.id AND i.needs_adjustment ORDER BY i.donation_id) AS adjust`;
const CLAIM_FROM = 'FROM gift_aid_claims c';

interface ClaimRow {
  id: string;
  donation_count: number;
  total_amount: number;
  currency: string;
  created_at: Date;
  adjust: string[];
}

const toClaimDto = (claim: ClaimRow): GiftAidClaimDto => ({
  id: claim.id,
  donationCount: claim.donation_count,
  totalAmount: claim.total_amount,
  currency: claim.currency.trim(),
  createdAt: claim.created_at.toISOString(),
  needsAdjustment: claim.adjust,
});

@Injectable()
export class GiftAidService {
  constructor(private readonly dataSource: DataSource) {}

  async eligible(query: PageQueryDto): Promise<Page<EligibleDonationDto>> {
    const filter = new SqlFilter().after(decodeCursor(query.cursor, 'by-time'), 'donations', 'd');
    const limit = filter.bind(query.limit + 1);
    const rows: EligibleRow[] = await this.dataSource.query(
      `SELECT d.id, d.created_at, d.amount + d.fee_amount AS amount, d.currency, d.paid_at,
         g.id AS declaration_id, g.title, g.first_name, g.last_name, g.house_name_or_number, g.postcode
       ${ELIGIBLE} ${filter.andWhere}
       ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, query.limit, createdAtPosition, toEligibleDto);
  }

  /**
   * Claims the eligible donations (or the chosen ones), oldest first, up to the 1,000 lines of
   * HMRC's schedule; a further claim takes the rest. The claim item's key is the donation id, so no
   * donation can be in two claims; claims are also made one at a time, so a concurrent request
   * waits and then finds only what is left.
   */
  async createClaim(request: CreateClaimDto, createdBy: string): Promise<GiftAidClaimDto> {
    const claimId = await this.dataSource.transaction(async (db) => {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('gift_aid_claims'))`);
      const [claim] = await db.query(
        `INSERT INTO gift_aid_claims (created_by, donation_count, total_amount, currency)
         VALUES ($1, 0, 0, 'gbp') RETURNING id`,
        [createdBy],
      );
      const filter = new SqlFilter()
        .add('d.paid_at < $?::timestamptz', request.paidBefore)
        .add('d.id = ANY($?::uuid[])', request.donationIds);
      const claimIdParam = filter.bind(claim.id);
      const items: { amount: number }[] = await db.query(
        `INSERT INTO gift_aid_claim_items (donation_id, claim_id, amount)
         SELECT d.id, ${claimIdParam}::uuid, d.amount + d.fee_amount ${ELIGIBLE} ${filter.andWhere}
         ORDER BY d.paid_at, d.id LIMIT ${SCHEDULE_MAX_LINES}
         ON CONFLICT (donation_id) DO NOTHING
         RETURNING amount`,
        filter.params,
      );
      if (items.length === 0) {
        throw new UnprocessableEntityException('No eligible donations to claim');
      }
      await db.query('UPDATE gift_aid_claims SET donation_count = $2, total_amount = $3 WHERE id = $1', [
        claim.id,
        items.length,
        items.reduce((sum, item) => sum + item.amount, 0),
      ]);
      return claim.id as string;
    });
    return this.claim(claimId);
  }

  /** The claims made, newest first (cursor pagination). */
  async claims(query: PageQueryDto): Promise<Page<GiftAidClaimDto>> {
    const filter = new SqlFilter().after(decodeCursor(query.cursor, 'by-time'), 'gift_aid_claims', 'c');
    const limit = filter.bind(query.limit + 1);
    const rows: ClaimRow[] = await this.dataSource.query(
      `SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM} ${filter.where}
       ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`,
      filter.params,
    );
    return toPage(rows, query.limit, createdAtPosition, toClaimDto);
  }

  async claim(id: string): Promise<GiftAidClaimDto> {
    const [claim]: ClaimRow[] = await this.dataSource.query(
      `SELECT ${CLAIM_COLUMNS} ${CLAIM_FROM} WHERE c.id = $1`,
      [id],
    );
    if (!claim) throw new NotFoundException(`Gift Aid claim ${id} not found`);
    return toClaimDto(claim);
  }

  /** The claim in HMRC's schedule layout, oldest donation first. */
  async schedule(id: string): Promise<string> {
    await this.claim(id);
    const rows: ScheduleRow[] = await this.dataSource.query(
      `SELECT g.title, g.first_name, g.last_name, g.house_name_or_number, g.postcode, d.paid_at, i.amount
       FROM gift_aid_claim_items i
       JOIN donations d ON d.id = i.donation_id
       JOIN gift_aid_declarations g ON g.id = d.gift_aid_declaration_id
       WHERE i.claim_id = $1 ORDER BY d.paid_at, d.id`,
      [id],
    );
    return csvLine(SCHEDULE_HEADER) + rows.map(scheduleLine).join('');
  }
}
