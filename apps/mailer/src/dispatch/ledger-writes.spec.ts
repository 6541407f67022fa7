import { dataSourceOptions } from '@crm/database';
import { sql } from '@crm/sql';
import request from 'supertest';
import { DataSource, type QueryRunner } from 'typeorm';
import { MailerHarness } from '../../test/mailer-harness';
import { claimBatch, freezeRecipients, releaseBatch } from './dispatch.queries';

/**
 * The ledger rows of a frozen audience are written batch by batch by the claims that send them: these
 * cases run the statements themselves against the real database, at the moments that matter.
 */
describe('writing a frozen batch to the ledger', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start();
  });
  afterAll(() => harness.stop());

  /** A sending campaign to four people tagged `tag`, frozen in two batches of two. */
  async function frozenCampaign(tag: string): Promise<{ id: string; batches: string[][] }> {
    for (const name of ['a1', 'a2', 'b1', 'b2'])
      await harness.seedSupporter({ email: `${tag}-${name}@example.org`, tags: [tag] });
    const comms = await harness.bearer('comms');
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name: tag, subject: 'Hello', markdown: 'Hello', segmentId: await harness.seedSegment() })
      .expect(201);
    const id = created.body.id as string;
    await harness.dataSource.query(
      `UPDATE campaigns SET status = 'sending', started_at = now() WHERE id = $1`,
      [id],
    );
    await harness.dataSource.transaction((tx) =>
      freezeRecipients(tx, id, 2, sql`s.tags @> ARRAY[${tag}]::text[]`, false),
    );
    const members = (await harness.dataSource.query(
      `SELECT supporter_ids FROM campaign_batch_members WHERE campaign_id = $1 ORDER BY seq`,
      [id],
    )) as { supporter_ids: string[] }[];
    return { id, batches: members.map((batch) => batch.supporter_ids) };
  }

  const counts = async (campaignId: string): Promise<Record<string, number>> =>
    Object.fromEntries(
      (
        (await harness.dataSource.query(
          `SELECT status, sum(n)::int AS n FROM campaign_recipient_counts WHERE campaign_id = $1 GROUP BY status HAVING sum(n) <> 0`,
          [campaignId],
        )) as { status: string; n: number }[]
      ).map((row) => [row.status, row.n]),
    );

  it('writes a batch whose supporter already has a row, moved there by a merge during the send, without a second row', async () => {
    const { id, batches } = await frozenCampaign('merged-mid-send');
    expect(batches.map((batch) => batch.length)).toEqual([2, 2]);
    const [[merged, other], [kept, last]] = batches as [[string, string], [string, string]];
    expect((await claimBatch(harness.dataSource, id, 0, 'first-claim', 30))!.recipients).toHaveLength(2);
    // What a merge of `merged` into `kept` does to a campaign's email history the kept record lacks.
    await harness.dataSource.query(
      `UPDATE campaign_recipients SET supporter_id = $2 WHERE campaign_id = $3 AND supporter_id = $1`,
      [merged, kept, id],
    );

    const second = await claimBatch(harness.dataSource, id, 1, 'second-claim', 30);
    expect(second!.recipients.map((recipient) => recipient.supporterId)).toEqual([last]);
    const rows = (await harness.dataSource.query(
      `SELECT supporter_id FROM campaign_recipients WHERE campaign_id = $1 ORDER BY supporter_id`,
      [id],
    )) as { supporter_id: string }[];
    expect(rows.map((row) => row.supporter_id).sort()).toEqual([kept, other, last].sort());
    expect(await counts(id)).toEqual({ queued: 3 });
  });
  it('writes someone merged into another record since the start as the record kept, to their frozen address', async () => {
    const { id, batches } = await frozenCampaign('merged-before-claim');
    const [, [merged, last]] = batches as [[string, string], [string, string]];
    const kept = await harness.seedSupporter({ email: 'merged-before-claim-kept@example.org' });
    await harness.dataSource.query(
      `UPDATE supporters SET merged_into_id = $2, merged_at = now() WHERE id = $1`,
      [merged, kept],
    );

    const [{ emails }] = (await harness.dataSource.query(
      `SELECT emails FROM campaign_batch_members WHERE campaign_id = $1 AND seq = 1`,
      [id],
    )) as [{ emails: [string, string] }];

    const claimed = await claimBatch(harness.dataSource, id, 1, 'after-merge', 30);

    expect(claimed!.recipients.map((recipient) => [recipient.supporterId, recipient.email])).toEqual([
      [kept, emails[0]],
      [last, emails[1]],
    ]);
  });

  it('forgets the frozen addresses of batches never claimed when the campaign is cancelled', async () => {
    const { id } = await frozenCampaign('cancelled-mid-send');
    await claimBatch(harness.dataSource, id, 0, 'before-cancel', 30);

    await request(harness.url)
      .post(`/campaigns/${id}/cancel`)
      .set('Authorization', await harness.bearer('comms'))
      .expect(200);

    const [frozen] = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM campaign_batch_members WHERE campaign_id = $1`,
      [id],
    )) as { n: number }[];
    expect(frozen!.n).toBe(0);
    expect(await counts(id)).toEqual({ queued: 4 });
  });

  describe('a claim of a batch written earlier, which reads its rows in a second statement', () => {
    let claimer: DataSource;
    beforeAll(async () => {
      claimer = await new DataSource(
        dataSourceOptions({ url: harness.env.env().DATABASE_URL!, poolSize: 2 }),
      ).initialize();
    });
    afterAll(() => claimer.destroy());

    /** Runs `before` just ahead of the claim's second statement (its read of the written rows). */
    function beforeTheRead(before: () => Promise<void>): jest.SpyInstance {
      const create = claimer.createQueryRunner.bind(claimer);
      let statements = 0;
      return jest.spyOn(claimer, 'createQueryRunner').mockImplementation((...args) => {
        const runner: QueryRunner = create(...args);
        statements += 1;
        if (statements === 2) {
          const query = runner.query.bind(runner);
          runner.query = (async (...queryArgs: Parameters<QueryRunner['query']>) => {
            await before();
            return query(...queryArgs);
          }) as QueryRunner['query'];
        }
        return runner;
      });
    }

    /** Batch 0's rows written by an earlier claim that SendGrid refused (429): pending again. */
    async function writtenByAnEarlierClaim(campaignId: string): Promise<void> {
      expect(
        (await claimBatch(harness.dataSource, campaignId, 0, 'earlier-claim', 30))!.recipients,
      ).toHaveLength(2);
      await releaseBatch(harness.dataSource, campaignId, 0, 'earlier-claim', 'SendGrid answered 429', false);
    }

    const batchState = async (
      campaignId: string,
    ): Promise<{ status: string; lease_owner: string | null }> => {
      const [row] = (await harness.dataSource.query(
        `SELECT status, lease_owner FROM campaign_batches WHERE campaign_id = $1 AND seq = 0`,
        [campaignId],
      )) as { status: string; lease_owner: string | null }[];
      return row!;
    };

    it('sends nobody when its lease ran out before the read and another claim holds the batch', async () => {
      const { id } = await frozenCampaign('lease-lapsed');
      await writtenByAnEarlierClaim(id);
      // The lease ran out; recovery gave the batch up (its SendGrid batch id cancelled) and another
      // claim took it: still sending, under another token.
      const spy = beforeTheRead(async () => {
        await harness.dataSource.query(
          `UPDATE campaign_batches SET lease_owner = 'another-claim' WHERE campaign_id = $1 AND seq = 0`,
          [id],
        );
      });
      try {
        expect(await claimBatch(claimer, id, 0, 'slow-claim', 30)).toBeNull();
      } finally {
        spy.mockRestore();
      }
      expect(await batchState(id)).toEqual({ status: 'sending', lease_owner: 'another-claim' });
    });

    it('sends nobody when its lease ran out before the read and recovery made the batch uncertain', async () => {
      const { id } = await frozenCampaign('lease-uncertain');
      await writtenByAnEarlierClaim(id);
      const spy = beforeTheRead(async () => {
        await harness.dataSource.query(
          `UPDATE campaign_batches SET status = 'uncertain', lease_owner = NULL WHERE campaign_id = $1 AND seq = 0`,
          [id],
        );
      });
      try {
        expect(await claimBatch(claimer, id, 0, 'slow-claim', 30)).toBeNull();
      } finally {
        spy.mockRestore();
      }
      expect(await batchState(id)).toEqual({ status: 'uncertain', lease_owner: null });
    });

    it('puts the batch back to pending, nobody sent, when the read fails', async () => {
      const { id } = await frozenCampaign('read-failed');
      await writtenByAnEarlierClaim(id);
      const spy = beforeTheRead(() => Promise.reject(new Error('connection lost')));
      try {
        await expect(claimBatch(claimer, id, 0, 'failed-read', 30)).rejects.toThrow('connection lost');
      } finally {
        spy.mockRestore();
      }
      expect(await batchState(id)).toEqual({ status: 'pending', lease_owner: 'failed-read' });
      expect((await claimBatch(claimer, id, 0, 'retry', 30))!.recipients).toHaveLength(2);
    });
  });
});
