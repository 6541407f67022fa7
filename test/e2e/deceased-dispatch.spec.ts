import { transactionalJobId, type TransactionalEmail } from '@crm/queues';
import { waitFor } from '@crm/testing';
import { MailerHarness } from '../../apps/mailer/test/mailer-harness';
import { OwnCampaign } from '../../apps/mailer/test/own-campaign';

const supporterOf = async (harness: MailerHarness, email: string): Promise<string> =>
  (
    (await harness.dataSource.query(`SELECT id FROM supporters WHERE email = $1`, [email])) as {
      id: string;
    }[]
  )[0]!.id;

/** Campaign dispatch eligibility: a death recorded, or email refused as a channel, stops mail at once. */
describe('campaign dispatch and the supporter record', () => {
  it('never freezes a deceased supporter, or one who refused email, as a recipient', async () => {
    const harness = await MailerHarness.start();
    try {
      const campaign = await OwnCampaign.create(
        harness,
        'After a death',
        ['alive', 'died', 'refused'].map((name) => `${name}@example.org`),
      );
      await harness.dataSource.query(
        `UPDATE supporters SET deceased_at = now() WHERE email = 'died@example.org'`,
      );
      await harness.dataSource.query(
        `INSERT INTO contact_preferences (supporter_id, channel, status, basis) VALUES ($1, 'email', 'refused', 'fps_request')`,
        [await supporterOf(harness, 'refused@example.org')],
      );

      await campaign.post('send');
      await campaign.reach();

      expect(harness.sentTo()).toEqual(['alive@example.org']);
    } finally {
      await harness.stop();
    }
  });

  it('skips someone whose death is recorded after the campaign started, before their batch goes out', async () => {
    const paced = await MailerHarness.start({
      env: { MAIL_BATCH_SIZE: '1', MAIL_DISPATCH_CONCURRENCY: '1', MAIL_SEND_RATE: '1' },
    });
    try {
      const campaign = await OwnCampaign.create(
        paced,
        'Midway death',
        [0, 1, 2, 3].map((n) => `late${n}@example.org`),
      );
      await campaign.post('send');
      // Four one-person batches, one a second: the last is read about 2 s after the first goes out.
      await waitFor(async () => paced.sendgrid.sends.length > 0);
      const [last] = (await paced.dataSource.query(
        // The last batch of the frozen audience: its ledger row is written only when it is claimed.
        `SELECT supporter_ids[1] AS supporter_id, emails[1] AS email FROM campaign_batch_members WHERE campaign_id = $1 ORDER BY seq DESC LIMIT 1`,
        [campaign.id],
      )) as { supporter_id: string; email: string }[];
      await paced.dataSource.query(`UPDATE supporters SET deceased_at = now() WHERE id = $1`, [
        last!.supporter_id,
      ]);

      const done = await campaign.reach();

      expect(done.counts).toMatchObject({ sent: 3, skipped: 1 });
      expect(paced.sentTo()).not.toContain(last!.email);
    } finally {
      await paced.stop();
    }
  });

  it('skips someone who refuses email (an FPS request) after the campaign started', async () => {
    const paced = await MailerHarness.start({
      env: { MAIL_BATCH_SIZE: '1', MAIL_DISPATCH_CONCURRENCY: '1', MAIL_SEND_RATE: '1' },
    });
    try {
      const campaign = await OwnCampaign.create(
        paced,
        'Midway refusal',
        [0, 1, 2, 3].map((n) => `fps${n}@example.org`),
      );
      await campaign.post('send');
      await waitFor(async () => paced.sendgrid.sends.length > 0);
      const [last] = (await paced.dataSource.query(
        // The last batch of the frozen audience: its ledger row is written only when it is claimed.
        `SELECT supporter_ids[1] AS supporter_id, emails[1] AS email FROM campaign_batch_members WHERE campaign_id = $1 ORDER BY seq DESC LIMIT 1`,
        [campaign.id],
      )) as { supporter_id: string; email: string }[];
      await paced.dataSource.query(
        `INSERT INTO contact_preferences (supporter_id, channel, status, basis) VALUES ($1, 'email', 'refused', 'fps_request')`,
        [last!.supporter_id],
      );

      const done = await campaign.reach();

      expect(done.counts).toMatchObject({ sent: 3, skipped: 1 });
      expect(paced.sentTo()).not.toContain(last!.email);
    } finally {
      await paced.stop();
    }
  });

  it('sends a deceased supporter no transactional mail either', async () => {
    const harness = await MailerHarness.start();
    try {
      const alive = await harness.seedSupporter({ email: 'still.here@example.org' });
      const died = await harness.seedSupporter({ email: 'passed.away@example.org' });
      await harness.dataSource.query(`UPDATE supporters SET deceased_at = now() WHERE id = $1`, [died]);
      const queue = harness.transactional().queue;
      for (const supporterId of [died, alive]) {
        const email: TransactionalEmail = { template: 'welcome', reference: supporterId, supporterId };
        await harness.transactional().add('send-email', email, { jobId: transactionalJobId(email) });
        await waitFor(async () => (await queue.getJobState(transactionalJobId(email))) === 'completed');
      }

      expect(harness.sentTo()).toEqual(['still.here@example.org']);
    } finally {
      await harness.stop();
    }
  });
});
