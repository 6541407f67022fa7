import { COUNTED_DONATION_STATUSES } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
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
import { TRANSACTIONAL_OF_SUPPORTER } from './transactional-of-supporter';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;
/**
 * The same gifts segments count, with `$2` bound to COUNTED_DONATION_STATUSES: a fully refunded
 * gift is neither in the totals nor the last gift.
 */
const COUNTED = `status = ANY($2::text[])`;

/**
 * Everything staff see on one supporter's page. Donation and email figures are read from the
 * donations and mailer tables (read-only here; those apps own them).
 */
@Injectable()
export class SupporterProfileService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async profile(id: string): Promise<SupporterProfileDto> {
    const [person, subscription, donations, consentHistory, emailsReceived] = await Promise.all([
      this.person(id),
      this.subscription(id),
      this.donationSummary(id),
      this.consentHistory(id),
      this.emailsReceived(id),
    ]);
    return { ...person, subscription, donations, consentHistory, emailsReceived };
  }

  /** The supporter's own fields; 404 when there is no such supporter. */
  async person(id: string): Promise<SupporterPersonDto> {
    const [supporter] = (await this.dataSource.query(
      `SELECT id, email, first_name, last_name, tags, notes, source, created_at, updated_at, erased_at
         FROM supporters WHERE id = $1`,
      [id],
    )) as {
      id: string;
      email: string | null;
      first_name: string | null;
      last_name: string | null;
      tags: string[];
      notes: string | null;
      source: string | null;
      created_at: Date;
      updated_at: Date;
      erased_at: Date | null;
    }[];
    if (!supporter) throw new SupporterNotFoundError(id);
    return {
      id: supporter.id,
      email: supporter.email,
      firstName: supporter.first_name,
      lastName: supporter.last_name,
      tags: supporter.tags,
      notes: supporter.notes,
      source: supporter.source,
      createdAt: supporter.created_at.toISOString(),
      updatedAt: supporter.updated_at.toISOString(),
      erasedAt: iso(supporter.erased_at),
    };
  }

  async subscription(id: string): Promise<SubscriptionDto | null> {
    const [row] = (await this.dataSource.query(
      `SELECT status, source, requested_at, confirmed_at, unsubscribed_at
         FROM newsletter_subscriptions WHERE supporter_id = $1`,
      [id],
    )) as {
      status: string;
      source: string | null;
      requested_at: Date | null;
      confirmed_at: Date | null;
      unsubscribed_at: Date | null;
    }[];
    return row
      ? {
          status: row.status,
          source: row.source,
          requestedAt: iso(row.requested_at),
          confirmedAt: iso(row.confirmed_at),
          unsubscribedAt: iso(row.unsubscribed_at),
        }
      : null;
  }

  async consentHistory(id: string): Promise<ConsentEventDto[]> {
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE wordings(hash) AS (
         SELECT min(wording_hash) FROM consent_events WHERE wording_hash IS NOT NULL
         UNION ALL
         SELECT (SELECT min(c.wording_hash) FROM consent_events c WHERE c.wording_hash > w.hash)
           FROM wordings w WHERE w.hash IS NOT NULL
       ), versions AS (
         SELECT w.hash, row_number() OVER (ORDER BY (
                  SELECT min(c.id) FROM consent_events c WHERE c.wording_hash = w.hash)) AS version
           FROM wordings w WHERE w.hash IS NOT NULL
       )
       SELECT e.kind, e.source, e.ip, e.user_agent, e.wording, e.wording_hash, e.occurred_at,
              v.version::int AS wording_version
         FROM consent_events e LEFT JOIN versions v ON v.hash = e.wording_hash
        WHERE e.supporter_id = $1 ORDER BY e.occurred_at, e.id`,
      [id],
    )) as {
      kind: string;
      source: string | null;
      ip: string | null;
      user_agent: string | null;
      wording: string | null;
      wording_hash: string | null;
      occurred_at: Date;
      wording_version: number | null;
    }[];
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
    const [totals, [last], monthly, gifts] = (await Promise.all([
      this.dataSource.query(
        `SELECT currency, sum(amount - refunded_amount)::bigint AS amount, count(*)::int AS count
           FROM donations WHERE supporter_id = $1 AND ${COUNTED} GROUP BY currency ORDER BY currency`,
        [id, COUNTED_DONATION_STATUSES],
      ),
      this.dataSource.query(
        `SELECT id, amount, currency, paid_at FROM donations
          WHERE supporter_id = $1 AND ${COUNTED} AND paid_at IS NOT NULL ORDER BY paid_at DESC LIMIT 1`,
        [id, COUNTED_DONATION_STATUSES],
      ),
      this.dataSource.query(
        `SELECT id, status, amount, currency, started_at, cancelled_at FROM recurring_donations
          WHERE supporter_id = $1 ORDER BY created_at DESC`,
        [id],
      ),
      this.dataSource.query(
        `SELECT id, amount, refunded_amount, currency, frequency, status, campaign,
                gift_aid_declaration_id IS NOT NULL AS gift_aid, paid_at, created_at
           FROM donations WHERE supporter_id = $1
          ORDER BY coalesce(paid_at, created_at) DESC, id DESC LIMIT $2`,
        [id, PROFILE_GIFTS],
      ),
    ])) as [
      { currency: string; amount: string; count: number }[],
      { id: string; amount: number; currency: string; paid_at: Date }[],
      {
        id: string;
        status: string;
        amount: number;
        currency: string;
        started_at: Date | null;
        cancelled_at: Date | null;
      }[],
      {
        id: string;
        amount: number;
        refunded_amount: number;
        currency: string;
        frequency: string;
        status: string;
        campaign: string | null;
        gift_aid: boolean;
        paid_at: Date | null;
        created_at: Date;
      }[],
    ];
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

  private async emailsReceived(id: string): Promise<EmailReceivedDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT 'transactional' AS kind, t.template AS name, t.status, t.sent_at FROM transactional_messages t
        WHERE ${TRANSACTIONAL_OF_SUPPORTER}
       UNION ALL
       SELECT 'campaign', c.name, r.status, r.sent_at FROM campaign_recipients r
         JOIN campaigns c ON c.id = r.campaign_id WHERE r.supporter_id = $1
       ORDER BY sent_at DESC NULLS LAST
       LIMIT 200`,
      [id],
    )) as { kind: 'transactional' | 'campaign'; name: string; status: string; sent_at: Date | null }[];
    return rows.map((row) => ({
      kind: row.kind,
      name: row.name,
      status: row.status,
      sentAt: iso(row.sent_at),
    }));
  }
}
