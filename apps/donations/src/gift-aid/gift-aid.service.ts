import { GiftAidClaim } from '@crm/entities';
import {
  createdAtPosition,
  csvLine,
  decodeCursor,
  type Page,
  type PageQueryDto,
  toPage,
} from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GiftAidError } from './gift-aid.errors';
import type { CreateClaimDto, EligibleDonationDto, GiftAidClaimDto } from './dto/gift-aid.dto';
import { SCHEDULE_HEADER, scheduleLine } from './gift-aid-schedule';
import {
  claimablePage,
  type ClaimableRow,
  claimDonations,
  claimsPage,
  type ClaimRow,
  findClaim,
  lockClaims,
  scheduleRows,
} from './gift-aid.queries';

const toEligibleDto = (row: ClaimableRow): EligibleDonationDto => ({
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
    const after = decodeCursor(query.cursor, 'by-time');
    const rows = await claimablePage(this.dataSource, after, query.limit + 1);
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
      await lockClaims(db);
      const claims = db.getRepository(GiftAidClaim);
      const claim = await claims.save(
        claims.create({ createdBy, donationCount: 0, totalAmount: 0, currency: 'gbp' }),
      );
      const items = await claimDonations(db, claim.id, request);
      if (items.length === 0) throw GiftAidError.nothingToClaim();
      await claims.update(claim.id, {
        donationCount: items.length,
        totalAmount: items.reduce((sum, item) => sum + item.amount, 0),
      });
      return claim.id;
    });
    return this.claim(claimId);
  }

  /** The claims made, newest first (cursor pagination). */
  async claims(query: PageQueryDto): Promise<Page<GiftAidClaimDto>> {
    const after = decodeCursor(query.cursor, 'by-time');
    const rows = await claimsPage(this.dataSource, after, query.limit + 1);
    return toPage(rows, query.limit, createdAtPosition, toClaimDto);
  }

  async claim(id: string): Promise<GiftAidClaimDto> {
    const claim = await findClaim(this.dataSource, id);
    if (!claim) throw GiftAidError.claimNotFound(id);
    return toClaimDto(claim);
  }

  /** The claim in HMRC's schedule layout, oldest donation first. */
  async schedule(id: string): Promise<string> {
    await this.claim(id);
    const rows = await scheduleRows(this.dataSource, id);
    return csvLine(SCHEDULE_HEADER) + rows.map(scheduleLine).join('');
  }
}
