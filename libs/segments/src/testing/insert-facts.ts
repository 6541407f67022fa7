import { randomUUID } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { SupporterFacts } from '../evaluate-segment';

type Row = Record<string, unknown>;

/** Inserts rows of one table from JSON, naming only the columns given (the rest take their defaults). */
async function insertRows(client: ClientBase, table: string, columns: string[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const list = columns.join(', ');
  await client.query(
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(null::${table}, $1)`,
    [JSON.stringify(rows)],
  );
}

/** Writes supporters and every related row the rule language reads, exactly as the facts describe. */
export async function insertSupporterFacts(client: ClientBase, supporters: SupporterFacts[]): Promise<void> {
  const campaignIds = [
    ...new Set(supporters.flatMap((facts) => facts.campaignsReceived.map((entry) => entry.campaignId))),
  ];
  await insertRows(
    client,
    'campaigns',
    ['id', 'name', 'subject', 'html', 'segment_id', 'status'],
    campaignIds.map((id) => ({
      id,
      name: id,
      subject: 'News',
      html: '<p>News</p>',
      segment_id: randomUUID(),
      status: 'sent',
    })),
  );
  await insertRows(
    client,
    'supporters',
    [
      'id',
      'email',
      'email_normalised',
      'first_name',
      'tags',
      'source',
      'created_at',
      'erased_at',
      'address_lines',
      'postcode',
      'country',
      'deceased_at',
    ],
    supporters.map((facts) => ({
      id: facts.id,
      email: facts.emailNormalised,
      email_normalised: facts.emailNormalised,
      first_name: 'Test',
      tags: facts.tags,
      source: facts.source,
      created_at: facts.createdAt,
      erased_at: facts.emailNormalised === null ? facts.createdAt : null,
      address_lines: facts.address?.lines ?? [],
      postcode: facts.address?.postcode ?? null,
      country: facts.address?.country ?? null,
      deceased_at: facts.deceased ? facts.createdAt : null,
    })),
  );
  await insertRows(
    client,
    'contact_preferences',
    ['supporter_id', 'channel', 'status', 'basis'],
    supporters
      .filter((facts) => facts.postRefused)
      .map((facts) => ({ supporter_id: facts.id, channel: 'post', status: 'refused', basis: 'fps_request' })),
  );
  const related = <T>(
    pick: (facts: SupporterFacts) => T[],
    toRow: (item: T, facts: SupporterFacts) => Row,
  ): Row[] => supporters.flatMap((facts) => pick(facts).map((item) => toRow(item, facts)));
  await insertRows(
    client,
    'newsletter_subscriptions',
    ['supporter_id', 'status', 'confirmed_at'],
    related(
      (facts) => (facts.subscription ? [facts.subscription] : []),
      (subscription, facts) => ({
        supporter_id: facts.id,
        status: subscription.status,
        confirmed_at: subscription.confirmedAt,
      }),
    ),
  );
  await insertRows(
    client,
    'donations',
    [
      'supporter_id',
      'amount',
      'refunded_amount',
      'currency',
      'frequency',
      'status',
      'campaign',
      'paid_at',
      'method',
    ],
    related(
      (facts) => facts.donations,
      (donation, facts) => ({
        supporter_id: facts.id,
        amount: donation.amount,
        refunded_amount: donation.refundedAmount,
        currency: 'gbp',
        frequency: 'one_off',
        status: donation.status,
        campaign: donation.campaign,
        paid_at: donation.paidAt,
        method: donation.method ?? 'stripe',
      }),
    ),
  );
  await insertRows(
    client,
    'recurring_donations',
    ['stripe_subscription_id', 'supporter_id', 'amount', 'currency', 'status'],
    related(
      (facts) => facts.monthlyGifts,
      (gift, facts) => ({
        stripe_subscription_id: `sub_${randomUUID()}`,
        supporter_id: facts.id,
        amount: gift.amount,
        currency: 'gbp',
        status: gift.status,
      }),
    ),
  );
  await insertRows(
    client,
    'gift_aid_declarations',
    [
      'supporter_id',
      'first_name',
      'last_name',
      'house_name_or_number',
      'postcode',
      'wording_version',
      'declared_at',
      'cancelled_at',
      'scope',
      'covers_from',
      'covers_future',
      'method',
      'confirmation_sent_at',
    ],
    related(
      (facts) => facts.giftAidDeclarations,
      (declaration, facts) => ({
        supporter_id: facts.id,
        first_name: 'Test',
        last_name: 'Donor',
        house_name_or_number: '1',
        postcode: 'AB1 2CD',
        wording_version: 'v1',
        declared_at: facts.createdAt,
        cancelled_at: declaration.cancelledAt,
        scope: declaration.coversFuture ? 'supporter_gifts' : 'this_gift',
        covers_from: declaration.coversFuture ? facts.createdAt : null,
        covers_future: declaration.coversFuture ?? false,
        method: declaration.oralUnconfirmed ? 'oral' : 'online',
        confirmation_sent_at: null,
      }),
    ),
  );
  await insertRows(
    client,
    'email_events',
    ['provider_event_id', 'type', 'supporter_id', 'occurred_at'],
    related(
      (facts) => facts.emailEvents,
      (event, facts) => ({
        provider_event_id: randomUUID(),
        type: event.type,
        supporter_id: facts.id,
        occurred_at: event.occurredAt,
      }),
    ),
  );
  await insertRows(
    client,
    'campaign_recipients',
    ['campaign_id', 'supporter_id', 'email', 'status'],
    related(
      (facts) => facts.campaignsReceived,
      (entry, facts) => ({
        campaign_id: entry.campaignId,
        supporter_id: facts.id,
        email: facts.emailNormalised,
        status: entry.status,
      }),
    ),
  );
}

/** A supporter with nothing but the given facts. */
export const supporterFacts = (overrides: Partial<SupporterFacts> = {}): SupporterFacts => ({
  id: randomUUID(),
  createdAt: new Date('2025-01-01T00:00:00Z'),
  source: null,
  emailNormalised: `${randomUUID()}@example.org`,
  tags: [],
  subscription: null,
  donations: [],
  monthlyGifts: [],
  giftAidDeclarations: [],
  emailEvents: [],
  campaignsReceived: [],
  ...overrides,
});
