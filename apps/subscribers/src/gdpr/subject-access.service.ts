import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SupporterProfileService } from '../supporters/supporter-profile.service';
import { TRANSACTIONAL_OF_SUPPORTER } from '../supporters/transactional-of-supporter';

type Rows = Record<string, unknown>[];

/**
 * A subject access export (UK GDPR art. 15): every row held about one person across the three
 * apps' tables, as they are stored.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: SupporterProfileService,
  ) {}

  async export(supporterId: string): Promise<Record<string, unknown>> {
    const [supporter, subscription, consentLedger] = await Promise.all([
      this.profiles.person(supporterId),
      this.profiles.subscription(supporterId),
      this.profiles.consentHistory(supporterId),
    ]);
    const rows = (sql: string): Promise<Rows> => this.dataSource.query(sql, [supporterId]) as Promise<Rows>;
    const [
      donations,
      recurringDonations,
      giftAidDeclarations,
      transactional,
      campaigns,
      events,
      suppressions,
    ] = await Promise.all([
      rows(
        `SELECT id, email, donor_name, amount, fee_amount, currency, frequency, status, refunded_amount,
                campaign, recurring_donation_id, gift_aid_declaration_id, paid_at, created_at
           FROM donations WHERE supporter_id = $1 ORDER BY created_at`,
      ),
      rows(
        `SELECT id, email, donor_name, amount, currency, status, campaign, started_at, cancelled_at, created_at
           FROM recurring_donations WHERE supporter_id = $1 ORDER BY created_at`,
      ),
      rows(
        `SELECT id, title, first_name, last_name, house_name_or_number, postcode, wording_version,
                declared_at, cancelled_at
           FROM gift_aid_declarations WHERE supporter_id = $1 ORDER BY declared_at`,
      ),
      rows(
        `SELECT t.template, t.status, t.created_at, t.sent_at FROM transactional_messages t
          WHERE ${TRANSACTIONAL_OF_SUPPORTER} ORDER BY t.created_at`,
      ),
      rows(
        `SELECT c.name AS campaign, c.subject, r.email, r.first_name, r.status, r.sent_at, r.last_event_at
           FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
          WHERE r.supporter_id = $1 ORDER BY r.sent_at NULLS LAST`,
      ),
      rows(
        `SELECT type, campaign_id, occurred_at, payload FROM email_events WHERE supporter_id = $1 ORDER BY occurred_at`,
      ),
      rows(
        `SELECT sp.reason, sp.source, sp.created_at FROM suppressions sp
             JOIN supporters s ON s.email_normalised = sp.email_normalised WHERE s.id = $1`,
      ),
    ]);
    return {
      exportedAt: new Date().toISOString(),
      supporter,
      subscription,
      consentLedger,
      donations,
      recurringDonations,
      giftAidDeclarations,
      emails: { transactional, campaigns, events, suppressions },
    };
  }
}
