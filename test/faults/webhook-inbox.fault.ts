import { waitFor } from '@crm/testing';
import { STRIPE_WEBHOOK_SECRET } from '../security/support/provider-env';
import { FaultSystem, LONG } from './support/fault-system';
import { paidCheckoutEvent } from '../security/support/stripe-events';
import { StripeLikeSender } from './support/stripe-sender';
import { reportTally } from './support/tally';

const EVENTS = LONG ? 3_000 : 300;
const OUTAGES = LONG ? 4 : 1;
const OUTAGE_MS = LONG ? 10_000 : 3_000;
const SENDERS = 8;

/**
 * A burst of signed Stripe webhooks while the infrastructure fails under it. The sender retries
 * like Stripe; in the end every event must be in the inbox once and be exactly one donation.
 */
describe('Stripe webhook inbox under infrastructure faults', () => {
  let system: FaultSystem;

  afterEach(() => system?.stop());

  async function burstDuring(
    scenario: string,
    fault: () => Promise<void>,
    processedWithinMs = 60_000,
  ): Promise<void> {
    const events = Array.from({ length: EVENTS }, (_, n) =>
      paidCheckoutEvent(1000 + n, `donor${n}@example.org`),
    );
    const sender = new StripeLikeSender(system.apps.donations.url, STRIPE_WEBHOOK_SECRET, 120_000);
    const [outcome] = await Promise.all([
      sender.deliverAll(
        events.map((event) => event.payload),
        SENDERS,
      ),
      fault(),
    ]);

    const sessions = events.map((event) => event.sessionId);
    await waitFor(
      async () =>
        (await system.count('SELECT count(*) FROM donations WHERE stripe_checkout_session_id = ANY($1)', [
          sessions,
        ])) >= EVENTS,
      { timeoutMs: processedWithinMs, intervalMs: 500, what: 'every event to become a donation' },
    ).catch(() => undefined); // what never arrived is counted as lost below, not thrown here
    const recorded = await system.count('SELECT count(*) FROM stripe_events WHERE id = ANY($1)', [
      events.map((event) => event.eventId),
    ]);
    const donations = await system.count(
      'SELECT count(*) FROM donations WHERE stripe_checkout_session_id = ANY($1)',
      [sessions],
    );
    const distinct = await system.count(
      'SELECT count(DISTINCT stripe_checkout_session_id) FROM donations WHERE stripe_checkout_session_id = ANY($1)',
      [sessions],
    );
    reportTally({
      scenario,
      expected: EVENTS,
      lost: EVENTS - Math.min(recorded, distinct),
      doubled: donations - distinct,
      notes: {
        recorded,
        donations,
        ...outcome,
        refused: outcome.refused.length,
        // When something is lost, what the donations app complained about says where to look.
        ...(distinct < EVENTS ? { donationsWarnings: warningsOf(system.apps.donations.logs.entries()) } : {}),
      },
    });
    expect(outcome.refused).toEqual([]);
  }

  it('records every event once when PostgreSQL connections are cut during the burst', async () => {
    system = await FaultSystem.start();
    await burstDuring('postgres-cut-during-webhook-burst', async () => {
      for (let outage = 0; outage < OUTAGES; outage += 1) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const cut = system.databaseOutage();
        await cut.begin();
        try {
          await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
        } finally {
          await cut.end();
        }
      }
    });
  });

  it('records every event once when Redis is restarted during the burst', async () => {
    system = await FaultSystem.start();
    await burstDuring('redis-restart-during-webhook-burst', async () => {
      for (let outage = 0; outage < OUTAGES; outage += 1) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await system.redis.restart(OUTAGE_MS);
      }
    });
  });

  // The inbox sweeper only re-queues events unprocessed for over two minutes, so this one is long.
  (LONG ? it : it.skip)(
    '(long version) turns every event into one donation when Redis loses all its data',
    async () => {
      system = await FaultSystem.start({ STRIPE_INBOX_SWEEP_SECONDS: '5' }, { redisPersistent: false });
      await burstDuring(
        'redis-wiped-during-webhook-burst',
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          await system.redis.restart(OUTAGE_MS);
        },
        300_000,
      );
    },
  );
});

const warningsOf = (entries: Record<string, unknown>[]): string[] =>
  entries
    .filter((entry) => Number(entry.level) >= 40)
    .slice(-10)
    .map((entry) => `${String(entry.msg)} ${JSON.stringify(entry.err ?? '').slice(0, 200)}`);
