import { NewsletterSubscription, Supporter } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ContactPreferencesService } from '../contact-preferences/contact-preferences.service';
import type { ContactPreferencesDto } from '../contact-preferences/dto/contact-preferences.dto';
import {
  type ConsentEventDto,
  type DonationSummaryDto,
  type EmailReceivedDto,
  PROFILE_GIFTS,
  type SubscriptionDto,
  type SupporterPersonDto,
  type SupporterProfileDto,
} from './dto/supporter-profile.dto';
import { SupporterNotFoundError } from './supporters.errors';
import {
  consentHistory,
  emailsReceived,
  givingTotals,
  lastGift,
  monthlyGifts,
  recentGifts,
} from './supporters.queries';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/**
 * Everything staff see on one supporter's page. Donation and email figures are read from the
 * donations and mailer tables (read-only here; those apps own them).
 */
@Injectable()
export class SupporterProfileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly preferences: ContactPreferencesService,
  ) {}

  async profile(id: string): Promise<SupporterProfileDto> {
    const person = await this.person(id);
    const [subscription, donations, consentHistory, emailsReceived, contactPreferences] = await Promise.all([
      this.subscription(id),
      this.donationSummary(id),
      this.consentHistory(id),
      this.emails(id),
      this.contactPreferences(id),
    ]);
    return { ...person, subscription, donations, consentHistory, emailsReceived, contactPreferences };
  }

  /** The supporter's own fields; 404 when there is no such supporter. */
  async person(id: string): Promise<SupporterPersonDto> {
    const supporter = await this.dataSource.getRepository(Supporter).findOneBy({ id });
    if (!supporter) throw new SupporterNotFoundError(id);
    return {
      id: supporter.id,
      email: supporter.email,
      firstName: supporter.firstName,
      lastName: supporter.lastName,
      tags: supporter.tags,
      notes: supporter.notes,
      source: supporter.source,
      createdAt: supporter.createdAt.toISOString(),
      updatedAt: supporter.updatedAt.toISOString(),
      erasedAt: iso(supporter.erasedAt),
      address:
        supporter.addressLines.length > 0
          ? {
              lines: supporter.addressLines,
              town: supporter.town,
              postcode: supporter.postcode,
              country: supporter.country,
            }
          : null,
      phone: supporter.phone,
      deceased: supporter.deceasedAt !== null,
      dateOfDeath: supporter.dateOfDeath,
      deceasedAt: iso(supporter.deceasedAt),
      mergedIntoId: supporter.mergedIntoId,
    };
  }

  /** Contact preferences per channel, their history and FPS requests. */
  contactPreferences(id: string): Promise<ContactPreferencesDto> {
    return this.preferences.forProfile(id);
  }

  async subscription(id: string): Promise<SubscriptionDto | null> {
    const row = await this.dataSource.getRepository(NewsletterSubscription).findOneBy({ supporterId: id });
    return row
      ? {
          status: row.status,
          source: row.source,
          requestedAt: iso(row.requestedAt),
          confirmedAt: iso(row.confirmedAt),
          unsubscribedAt: iso(row.unsubscribedAt),
        }
      : null;
  }

  async consentHistory(id: string): Promise<ConsentEventDto[]> {
    const rows = await consentHistory(this.dataSource, id);
    return rows.map((row) => ({
      kind: row.kind,
      source: row.source,
      ip: row.ip,
      userAgent: row.user_agent,
      wording: row.wording,
      wordingHash: row.wording_hash,
      wordingVersion: row.wording_version,
      occurredAt: row.occurred_at.toISOString(),
    }));
  }

  private async donationSummary(id: string): Promise<DonationSummaryDto> {
    const [totals, last, monthly, gifts] = await Promise.all([
      givingTotals(this.dataSource, id),
      lastGift(this.dataSource, id),
      monthlyGifts(this.dataSource, id),
      recentGifts(this.dataSource, id, PROFILE_GIFTS),
    ]);
    return {
      totals: totals.map((row) => ({ currency: row.currency, amount: Number(row.amount), count: row.count })),
      lastGift: last
        ? { id: last.id, amount: last.amount, currency: last.currency, paidAt: last.paid_at.toISOString() }
        : null,
      monthlyGifts: monthly.map((row) => ({
        id: row.id,
        status: row.status,
        amount: row.amount,
        currency: row.currency,
        startedAt: iso(row.started_at),
        cancelledAt: iso(row.cancelled_at),
      })),
      gifts: gifts.map((row) => ({
        id: row.id,
        amount: row.amount,
        refundedAmount: row.refunded_amount,
        currency: row.currency,
        frequency: row.frequency,
        status: row.status,
        campaign: row.campaign,
        giftAid: row.gift_aid,
        paidAt: iso(row.paid_at),
        createdAt: row.created_at.toISOString(),
      })),
    };
  }

  private async emails(id: string): Promise<EmailReceivedDto[]> {
    const rows = await emailsReceived(this.dataSource, id);
    return rows.map((row) => ({
      kind: row.kind,
      name: row.name,
      status: row.status,
      sentAt: iso(row.sent_at),
    }));
  }
}
