import { LocalRedisCluster, staffBearer, waitFor } from '@crm/testing';
import { randomUUID } from 'node:crypto';
import { seedSubscribedAudience, sendCampaign } from '../../bench/load/campaign-audience';
import { TopologySystem, WebhookBurst } from './support/topology-system';

const GIFTS = 100;
const RECIPIENTS = 2_000;

/**
 * The three apps as processes on a real 3-master Redis Cluster (REDIS_CLUSTER_NODES): a Stripe
 * webhook burst becomes donations, supporters in the subscribers app and receipts from the mailer
 * (three apps, two queues), and a campaign reaches every recipient once.
 */
describe('the cross-app flows on a Redis Cluster', () => {
  let cluster: LocalRedisCluster;
  let system: TopologySystem;

  beforeAll(async () => {
    cluster = await LocalRedisCluster.start();
    system = await TopologySystem.start(cluster.env());
  });
  afterAll(async () => {
    await system?.stop();
    await cluster?.stop();
  });

  it('turns a webhook burst into one donation, one supporter and one receipt per gift', async () => {
    const tag = randomUUID().slice(0, 8);
    const burst = new WebhookBurst(GIFTS, tag);
    const outcome = await burst.deliver(system.apps.donations.url, 8);
    expect(outcome.refused).toEqual([]);

    await waitFor(async () => (await burst.tally(system)).distinct === GIFTS, {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'a donation for every event',
    });
    const emails = burst.events.map((_, n) => `donor${n}-${tag}@example.org`);
    await waitFor(
      async () =>
        (await system.count('SELECT count(*) FROM supporters WHERE email_normalised = ANY($1)', [emails])) ===
        GIFTS,
      { timeoutMs: 60_000, intervalMs: 500, what: 'a supporter for every donor' },
    );
    const receipts = await waitFor(
      async () => {
        const sent = new Map<string, number>();
        for (const body of system.providers.sendgrid.accepted) {
          for (const personalization of body.personalizations) {
            const to = personalization.to[0]!.email;
            if (to.endsWith(`-${tag}@example.org`)) sent.set(to, (sent.get(to) ?? 0) + 1);
          }
        }
        return sent.size === GIFTS ? sent : null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'a receipt for every donor' },
    );
    expect(await burst.tally(system)).toEqual({ recorded: GIFTS, donations: GIFTS, distinct: GIFTS });
    expect([...receipts.values()].every((count) => count === 1)).toBe(true);
    // The three apps answer /health with the cluster as their Redis.
    for (const app of Object.values(system.apps)) expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it('dispatches a campaign to every recipient exactly once', async () => {
    const tag = randomUUID().slice(0, 8);
    const segmentId = await seedSubscribedAudience(system.db, RECIPIENTS, tag);
    const bearer = await staffBearer(system.db, 'comms', `cluster-${tag}`);
    const campaignId = await sendCampaign(system.apps.mailer.url, bearer, segmentId, `Cluster ${tag}`);
    await waitFor(
      async () =>
        (await system.count(`SELECT count(*) FROM campaigns WHERE id = $1 AND status = 'sent'`, [
          campaignId,
        ])) === 1,
      { timeoutMs: 60_000, intervalMs: 500, what: 'the campaign to be sent' },
    );
    const copies = new Map<string, number>();
    for (const body of system.providers.sendgrid.accepted) {
      for (const personalization of body.personalizations) {
        if (personalization.custom_args?.campaign_id !== campaignId) continue;
        for (const to of personalization.to) copies.set(to.email, (copies.get(to.email) ?? 0) + 1);
      }
    }
    expect(copies.size).toBe(RECIPIENTS);
    expect([...copies.values()].filter((count) => count !== 1)).toEqual([]);
  });
});
