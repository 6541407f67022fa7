import { verifyPreferencesToken } from '@crm/auth';
import { NEWSLETTER_TOPIC_ID } from '@crm/entities';
import { TEST_APP_SECRET, waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import type { CampaignState } from '../../test/own-campaign';

describe('a campaign is sent for one topic', () => {
  let harness: MailerHarness;
  let comms: string;
  let segmentId: string;
  let appealsId: string;

  const choose = async (email: string, topicId: string, subscribed: boolean) =>
    harness.dataSource.query(
      `INSERT INTO topic_subscriptions (supporter_id, topic_id, subscribed)
       SELECT id, $2, $3 FROM supporters WHERE email = $1`,
      [email, topicId, subscribed],
    );

  const send = async (body: Record<string, unknown>): Promise<string[]> => {
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name: 'Topic test', subject: 'Hi', html: '<p>Hi</p>', segmentId, ...body })
      .expect(201);
    const id = created.body.id as string;
    const before = harness.sentTo().length;
    await request(harness.url).post(`/campaigns/${id}/send`).set('Authorization', comms).expect(202);
    await waitFor(
      async () => {
        const state = (await request(harness.url).get(`/campaigns/${id}`).set('Authorization', comms))
          .body as CampaignState;
        return state.status === 'sent' ? state : null;
      },
      { timeoutMs: 20_000, what: `campaign ${id}` },
    );
    return harness.sentTo().slice(before).sort();
  };

  beforeAll(async () => {
    harness = await MailerHarness.start();
    comms = await harness.bearer('comms');
    segmentId = await harness.seedSegment();
    const [row] = (await harness.dataSource.query(
      `INSERT INTO topics (name, soft_opt_in) VALUES ('Appeals', true) RETURNING id`,
    )) as { id: string }[];
    appealsId = row!.id;
    for (const email of ['appeals@example.org', 'news@example.org', 'appeals-only@example.org']) {
      await harness.seedSupporter({ email, tags: ['newsletter'] });
    }
    await harness.seedSupporter({
      email: 'unsubscribed@example.org',
      subscription: 'unsubscribed',
      tags: ['newsletter'],
    });
    await choose('appeals@example.org', appealsId, true);
    await choose('appeals-only@example.org', appealsId, true);
    await choose('appeals-only@example.org', NEWSLETTER_TOPIC_ID, false);
    await choose('unsubscribed@example.org', appealsId, true);
  });
  afterAll(() => harness.stop());

  it('reaches only the subscribers on "Appeals"', async () => {
    expect(await send({ topicId: appealsId })).toEqual(['appeals-only@example.org', 'appeals@example.org']);
  });

  it('is a Newsletter when no topic is named: everyone who has not left it', async () => {
    expect(await send({})).toEqual(['appeals@example.org', 'news@example.org']);
  });

  it('puts a signed preferences link beside unsubscribe for each recipient', async () => {
    const before = harness.sendgrid.accepted.length;
    await send({ topicId: appealsId });
    const personalization = harness.sendgrid.accepted.slice(before)[0]!.personalizations[0]!;
    const link = Object.values(personalization.substitutions ?? {}).find((value) =>
      value.includes('/preferences?token='),
    );
    const token = new URL(link!.replace(/&amp;/g, '&')).searchParams.get('token')!;
    expect(verifyPreferencesToken(TEST_APP_SECRET, token)).toEqual({ supporterId: expect.any(String) });
  });

  it('refuses a topic that does not exist, naming topicId', async () => {
    const answer = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({
        name: 'X',
        subject: 'Hi',
        html: '<p>Hi</p>',
        segmentId,
        topicId: '0b0e2c4e-7c55-4d4b-9f0e-4c4a2b1c0d00',
      })
      .expect(400);
    expect(answer.body.message).toContain('topicId');
  });
});
