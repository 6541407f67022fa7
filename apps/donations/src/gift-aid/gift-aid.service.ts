import { APP_CONFIG } from '@crm/config';
import { GiftAidClaim, GiftAidClaimItem } from '@crm/entities';
import {
  createdAtPosition,
  csvLine,
  decodeCursor,
  fieldError,
  type Page,
  type PageQueryDto,
  toPage,
} from '@crm/platform';
import { parseInstant } from '@crm/values';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DonationsConfig } from '../config/donations.config';
import { claimLines } from './claim-lines';
import { canMoveClaim, giftAidOn } from './claim-status';
import { CLAIM_TIME_LIMIT_YEARS, claimableSince, claimDeadline } from './claim-time-limit';
import type {
  CreateClaimDto,
  EligibleDonationDto,
  EligibleSummaryDto,
  GiftAidClaimDto,
  UpdateClaimDto,
} from './dto/gift-aid.dto';
import { GiftAidError } from './gift-aid.errors';
import { SCHEDULE_HEADER, scheduleLine, type ScheduleRow } from './gift-aid-schedule';
import {
  claimablePage,
  claimableTotals,
  type ClaimableRow,
  claimCandidates,
  claimsPage,
  type ClaimRow,
  findClaim,
  insertClaimItems,
  lockClaims,
  netAdjustments,
  scheduleRows,
} from './gift-aid.queries';
import { scheduleOds } from './schedule-ods';

/** Most claimable gifts one claim weighs; 1,000 lines of aggregates of small gifts rarely need more. */
const CANDIDATES_PER_CLAIM = 50_000;

const toEligibleDto = (row: ClaimableRow, periodEnd: string): EligibleDonationDto => ({
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
  claimBy: claimDeadline(row.paid_at, periodEnd),
});

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

const toClaimDto = (claim: ClaimRow, periodEnd: string): GiftAidClaimDto => ({
  id: claim.id,
  status: claim.status,
  donationCount: claim.donation_count,
  lineCount: claim.line_count,
  totalAmount: claim.total_amount,
  giftAidAmount: giftAidOn(claim.total_amount),
  adjustmentAmount: claim.adjustment_amount,
  adjustmentGiftAidAmount: giftAidOn(claim.adjustment_amount),
  currency: claim.currency.trim(),
  hmrcReference: claim.hmrc_reference,
  submittedAt: iso(claim.submitted_at),
  paidAt: iso(claim.paid_at),
  rejectedAt: iso(claim.rejected_at),
  createdAt: claim.created_at.toISOString(),
  needsAdjustment: claim.adjust,
  submitBy: claim.oldest_paid_at ? claimDeadline(claim.oldest_paid_at, periodEnd) : null,
});

@Injectable()
export class GiftAidService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
  ) {}

  async eligible(query: PageQueryDto): Promise<Page<EligibleDonationDto>> {
    const after = decodeCursor(query.cursor, 'by-time');
    const rows = await claimablePage(this.dataSource, this.claimableSince(), after, query.limit + 1);
    return toPage(rows, query.limit, createdAtPosition, (row) =>
      toEligibleDto(row, this.config.GIFT_AID_ACCOUNTING_PERIOD_END),
    );
  }

  /**
   * What is ready to claim, when the oldest of it must be claimed by, and what HMRC's time limit
   * has taken: gifts that would be claimable but were received too long ago.
   */
  async eligibleSummary(): Promise<EligibleSummaryDto> {
    const since = this.claimableSince();
    const totals = await claimableTotals(this.dataSource, since);
    return {
      count: totals.count,
      totalAmount: totals.amount,
      giftAidAmount: giftAidOn(totals.amount),
      currency: 'gbp',
      oldestClaimBy: totals.oldest_paid_at
        ? claimDeadline(totals.oldest_paid_at, this.config.GIFT_AID_ACCOUNTING_PERIOD_END)
        : null,
      timeLimit: {
        years: CLAIM_TIME_LIMIT_YEARS,
        receivedSince: since.toISOString(),
        lostCount: totals.lost_count,
        lostAmount: totals.lost_amount,
        lostGiftAidAmount: giftAidOn(totals.lost_amount),
      },
    };
  }

  /** The earliest receipt a claim made now may include (HMRC's time limit). */
  private claimableSince(): Date {
    return claimableSince(this.config.GIFT_AID_ACCOUNTING_PERIOD_END);
  }

  /**
   * Claims the eligible donations (or the chosen ones; one past HMRC's time limit is never taken), oldest first, as the lines of HMRC's
   * schedule (small gifts aggregated unless asked not to), up to its 1,000 lines; a further claim
   * takes the rest. Items of claims already submitted that were refunded since are netted in as
   * the claim's adjustment. A donation has one live claim item at most, and claims are made one
   * at a time, so a concurrent request waits and then finds only what is left.
   */
  async createClaim(request: CreateClaimDto, createdBy: string): Promise<GiftAidClaimDto> {
    const claimId = await this.dataSource.transaction(async (db) => {
      await lockClaims(db);
      const candidates = await claimCandidates(db, request, this.claimableSince(), CANDIDATES_PER_CLAIM);
      const lines = claimLines(
        candidates.map((row) => ({
          id: row.id,
          declarationId: row.declaration_id,
          amount: row.amount,
          paidAt: row.paid_at,
        })),
        {
          aggregateMax: request.aggregate === false ? 0 : this.config.GIFT_AID_AGGREGATE_MAX,
          accountingPeriodEnd: this.config.GIFT_AID_ACCOUNTING_PERIOD_END,
        },
      );
      if (lines.length === 0) throw GiftAidError.nothingToClaim();
      const claims = db.getRepository(GiftAidClaim);
      const claim = await claims.save(
        claims.create({ createdBy, donationCount: 0, totalAmount: 0, currency: 'gbp' }),
      );
      await insertClaimItems(db, claim.id, lines);
      const gifts = lines.flatMap((line) => line.gifts);
      await claims.update(claim.id, {
        donationCount: gifts.length,
        lineCount: lines.length,
        totalAmount: gifts.reduce((sum, gift) => sum + gift.amount, 0),
        adjustmentAmount: await netAdjustments(db, claim.id),
      });
      return claim.id;
    });
    return this.claim(claimId);
  }

  /**
   * Records what happened to a claim at HMRC: submitted (with its reference), paid, or rejected,
   * which releases its gifts to be claimed again and hands the adjustments it netted to the next.
   */
  async updateClaim(id: string, change: UpdateClaimDto): Promise<GiftAidClaimDto> {
    await this.dataSource.transaction(async (db) => {
      await lockClaims(db);
      const claims = db.getRepository(GiftAidClaim);
      const claim = await claims.findOneBy({ id });
      if (!claim) throw GiftAidError.claimNotFound(id);
      if (!canMoveClaim(claim.status, change.status))
        throw GiftAidError.statusChange(claim.status, change.status);
      await claims.update(id, this.statusFields(claim, change));
      if (change.status === 'rejected') {
        // Its gifts may be claimed again (the rows stay as its record); what it netted waits for the next claim.
        const items = db.getRepository(GiftAidClaimItem);
        await items.update({ claimId: id }, { released: true });
        await items.update({ adjustedInClaimId: id }, { adjustedInClaimId: null, adjustmentAmount: null });
      }
    });
    return this.claim(id);
  }

  private statusFields(claim: GiftAidClaim, change: UpdateClaimDto): Partial<GiftAidClaim> {
    const at = (text: string | undefined): Date | null => (text ? parseInstant(text) : null);
    const now = new Date();
    // A draft abandoned (rejected before submission) keeps no submission date.
    const submittedAt =
      at(change.submittedAt) ?? claim.submittedAt ?? (change.status === 'rejected' ? null : now);
    if (change.paidAt && change.status !== 'paid')
      throw fieldError('paidAt', 'only a paid claim has a payment date');
    const paidAt = change.status === 'paid' ? (at(change.paidAt) ?? claim.paidAt ?? now) : null;
    if (submittedAt && submittedAt > now) throw fieldError('submittedAt', 'must not be in the future');
    if (paidAt && paidAt > now) throw fieldError('paidAt', 'must not be in the future');
    if (paidAt && submittedAt && paidAt < submittedAt)
      throw fieldError('paidAt', 'must not be before submittedAt');
    return {
      status: change.status,
      hmrcReference: change.hmrcReference ?? claim.hmrcReference,
      submittedAt,
      paidAt,
      rejectedAt: change.status === 'rejected' ? now : null,
    };
  }

  /** The claims made, newest first (cursor pagination). */
  async claims(query: PageQueryDto): Promise<Page<GiftAidClaimDto>> {
    const after = decodeCursor(query.cursor, 'by-time');
    const rows = await claimsPage(this.dataSource, after, query.limit + 1);
    return toPage(rows, query.limit, createdAtPosition, (row) =>
      toClaimDto(row, this.config.GIFT_AID_ACCOUNTING_PERIOD_END),
    );
  }

  async claim(id: string): Promise<GiftAidClaimDto> {
    const claim = await findClaim(this.dataSource, id);
    if (!claim) throw GiftAidError.claimNotFound(id);
    return toClaimDto(claim, this.config.GIFT_AID_ACCOUNTING_PERIOD_END);
  }

  /** The claim in HMRC's schedule layout, line by line. */
  async schedule(id: string): Promise<string> {
    const rows = await this.scheduleRows(id);
    return csvLine(SCHEDULE_HEADER) + rows.map(scheduleLine).join('');
  }

  /** The claim as an OpenDocument spreadsheet laid out like HMRC's schedule. */
  async scheduleOds(id: string): Promise<Buffer> {
    return scheduleOds(await this.scheduleRows(id));
  }

  private async scheduleRows(id: string): Promise<ScheduleRow[]> {
    await this.claim(id);
    return scheduleRows(this.dataSource, id);
  }
}
