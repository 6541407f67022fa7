import { runSql, type Sql, sql, type SqlExecutor } from '@crm/sql';
import { transactionalOfSupporter } from '../supporters/supporters.queries';

/** A row as it is stored: the export shows the columns as they are. */
export type StoredRow = Record<string, unknown>;

export interface RowsHeld {
  donations: StoredRow[];
  recurringDonations: StoredRow[];
  giftAidDeclarations: StoredRow[];
  transactional: StoredRow[];
  campaigns: StoredRow[];
  events: StoredRow[];
  suppressions: StoredRow[];
}

/** Every row the donations and mailer tables hold about one supporter, read side by side. */
export async function rowsHeldAbout(db: SqlExecutor, supporterId: string): Promise<RowsHeld> {
  const rows = async (statement: Sql): Promise<StoredRow[]> => (await runSql<StoredRow>(db, statement)).rows;
  const [donations, recurringDonations, giftAidDeclarations, transactional, campaigns, events, suppressions] =
    await Promise.all([
      rows(
        sql`SELECT id, email, donor_name, amount, fee_amount, currency, frequency, status, refunded_amount,
                campaign, recurring_donation_id, gift_aid_declaration_id, paid_at, created_at
           FROM donations WHERE supporter_id = ${supporterId} ORDER BY created_at`,
      ),
      rows(
        sql`SELECT id, email, donor_name, amount, currency, status, campaign, started_at, cancelled_at, created_at
           FROM recurring_donations WHERE supporter_id = ${supporterId} ORDER BY created_at`,
      ),
      rows(
        sql`SELECT id, title, first_name, last_name, house_name_or_number, postcode, wording_version,
                declared_at, cancelled_at
           FROM gift_aid_declarations WHERE supporter_id = ${supporterId} ORDER BY declared_at`,
      ),
      rows(
        sql`SELECT t.template, t.status, t.created_at, t.sent_at FROM transactional_messages t
          WHERE ${transactionalOfSupporter('t', supporterId)} ORDER BY t.created_at`,
      ),
      rows(
        sql`SELECT c.name AS campaign, c.subject, r.email, r.first_name, r.status, r.sent_at, r.last_event_at
           FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
          WHERE r.supporter_id = ${supporterId} ORDER BY r.sent_at NULLS LAST`,
      ),
      rows(
        sql`SELECT type, campaign_id, occurred_at, payload FROM email_events
             WHERE supporter_id = ${supporterId} ORDER BY occurred_at`,
      ),
      rows(
        sql`SELECT sp.reason, sp.source, sp.created_at FROM suppressions sp
             JOIN supporters s ON s.email_normalised = sp.email_normalised WHERE s.id = ${supporterId}`,
      ),
    ]);
  return {
    donations,
    recurringDonations,
    giftAidDeclarations,
    transactional,
    campaigns,
    events,
    suppressions,
  };
}
