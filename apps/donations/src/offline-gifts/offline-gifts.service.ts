import { APP_CONFIG } from '@crm/config';
import { Donation } from '@crm/entities';
import { fieldError } from '@crm/platform';
import { normaliseEmail } from '@crm/values';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DonationsConfig } from '../config/donations.config';
import { toDonationDto } from '../donations/donation-dto';
import type { DonationDto } from '../donations/dto/donation.dto';
import type { CreateOfflineGiftDto, UpdateOfflineGiftDto } from './dto/offline-gift.dto';
import { parseGiftDate } from './gift-date';
import { OfflineDonors } from './offline-donors';
import { OfflineGiftError } from './offline-gifts.errors';
import {
  deleteGift,
  frequencyOf,
  giftForChange,
  insertOfflineGift,
  keptSupporter,
  lockAgainstClaims,
  markNotified,
  supportersByAddress,
} from './offline-gifts.queries';

const joinName = (first?: string, last?: string): string | null =>
  [first?.trim(), last?.trim()].filter(Boolean).join(' ') || null;

/** Gifts staff record by hand: cheques, cash, transfers, standing orders, platform payouts. */
@Injectable()
export class OfflineGiftsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly dataSource: DataSource,
    private readonly donors: OfflineDonors,
  ) {}

  async create(
    body: CreateOfflineGiftDto,
    idempotencyKey: string | null,
    staffName: string,
  ): Promise<DonationDto> {
    if (!body.supporterId && !body.email)
      throw fieldError('supporterId', "give supporterId, or the donor's email and names");
    if (body.supporterId && body.email) throw fieldError('email', 'give supporterId or email, not both');
    const paidAt = this.receivedAt(body.receivedAt);
    const currency = this.currency(body.currency);
    const giftAid = body.giftAid ?? false;
    if (giftAid && currency !== 'gbp') throw fieldError('giftAid', 'applies only to gifts in pounds (gbp)');
    const email = body.email?.trim() ?? null;
    const known = email
      ? (await supportersByAddress(this.dataSource, [normaliseEmail(email)])).get(normaliseEmail(email))
      : undefined;
    const id = await this.dataSource.transaction(async (db) => {
      // A supporter merged into another has its gifts on the kept record: this one goes there too.
      const named = body.supporterId ?? known;
      const supporterId = named ? await keptSupporter(db, named) : null;
      if (body.supporterId && !supporterId) throw OfflineGiftError.supporterNotFound();
      const gift = {
        supporterId,
        email,
        donorName: joinName(body.firstName, body.lastName),
        amount: body.amount,
        currency,
        paidAt,
        method: body.method,
        campaign: body.campaign?.trim() || null,
        reference: body.reference?.trim() || null,
        giftAidApplies: giftAid,
        recordedBy: staffName,
      };
      return insertOfflineGift(db, gift, idempotencyKey);
    });
    const recorded = await this.dataSource
      .getRepository(Donation)
      .findOneByOrFail(id ? { id } : { idempotencyKey: idempotencyKey! });
    if (!id && !sameGift(recorded, { amount: body.amount, currency, method: body.method, paidAt }))
      throw OfflineGiftError.keyReused();
    if (!recorded.supporterId && !recorded.notifiedAt && recorded.email) {
      await this.donors.announce([
        { donationId: recorded.id, email: recorded.email, name: recorded.donorName },
      ]);
      await markNotified(this.dataSource, [recorded.id]);
    }
    return toDonationDto(recorded);
  }

  async update(id: string, body: UpdateOfflineGiftDto): Promise<DonationDto> {
    await this.dataSource.transaction(async (db) => {
      const current = await this.changeable(db, id);
      const donations = db.getRepository(Donation);
      const existing = await donations.findOneByOrFail({ id });
      const currency = body.currency !== undefined ? this.currency(body.currency) : existing.currency;
      const giftAid = body.giftAid ?? existing.giftAidApplies ?? false;
      if (giftAid && currency !== 'gbp') throw fieldError('giftAid', 'applies only to gifts in pounds (gbp)');
      const supporterId = body.supporterId ? await keptSupporter(db, body.supporterId) : undefined;
      if (supporterId === null) throw OfflineGiftError.supporterNotFound();
      const method = body.method ?? current;
      await donations.update(
        { id },
        {
          ...(supporterId !== undefined ? { supporterId } : {}),
          ...(body.amount !== undefined ? { amount: body.amount } : {}),
          ...(body.receivedAt !== undefined ? { paidAt: this.receivedAt(body.receivedAt) } : {}),
          ...(body.campaign !== undefined ? { campaign: body.campaign.trim() || null } : {}),
          ...(body.reference !== undefined ? { reference: body.reference.trim() || null } : {}),
          currency,
          giftAidApplies: giftAid,
          method,
          frequency: frequencyOf(method),
        },
      );
    });
    return toDonationDto(await this.dataSource.getRepository(Donation).findOneByOrFail({ id }));
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await this.changeable(db, id, 'delete');
      await deleteGift(db, id);
    });
  }

  /** Locks the gift against claims; refuses a Stripe gift or one a claim holds. Answers its method. */
  private async changeable(
    db: Parameters<typeof giftForChange>[0],
    id: string,
    change: 'edit' | 'delete' = 'edit',
  ): Promise<Exclude<Donation['method'], 'stripe'>> {
    await lockAgainstClaims(db);
    const gift = await giftForChange(db, id);
    if (!gift) throw OfflineGiftError.notFound(id);
    if (gift.method === 'stripe') throw OfflineGiftError.notOffline();
    if (gift.in_claim) throw OfflineGiftError.inClaim();
    if (change === 'delete' && gift.claimed_before) throw OfflineGiftError.inClaimRecord();
    return gift.method as Exclude<Donation['method'], 'stripe'>;
  }

  private receivedAt(text: string): Date {
    const parsed = parseGiftDate(text.trim());
    if ('problem' in parsed) throw fieldError('receivedAt', parsed.problem);
    return parsed.at;
  }

  private currency(given: string | undefined): string {
    const currency = given ?? this.config.BASE_CURRENCY.toLowerCase();
    if (!this.config.DONATION_CURRENCIES.includes(currency))
      throw fieldError('currency', `must be one of ${this.config.DONATION_CURRENCIES.join(', ')}`);
    return currency;
  }
}

/** A repeated request with the same key must describe the same gift. */
const sameGift = (
  recorded: Donation,
  gift: { amount: number; currency: string; method: string; paidAt: Date },
): boolean =>
  recorded.amount === gift.amount &&
  recorded.currency === gift.currency &&
  recorded.method === gift.method &&
  recorded.paidAt?.getTime() === gift.paidAt.getTime();
