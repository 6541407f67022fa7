import { waitFor } from '@crm/testing';
import { MailerHarness } from '../../test/mailer-harness';

describe('forget-supporter', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start({ transport: 'outbox' });
  });
  afterAll(() => harness.stop());

  /** Runs the erasure job for this supporter and waits until it has completed. */
  async function forget(supporterId: string, emailNormalised: string): Promise<void> {
    const jobId = `forget-${supporterId}`;
    await harness.dispatch().add('forget-supporter', { supporterId, emailNormalised }, { jobId });
    await waitFor(async () => (await harness.dispatch().queue.getJobState(jobId)) === 'completed');
  }

  it('removes the address and name from the send ledger, event payloads and the outbox, keeping counts', async () => {
    const supporterId = await harness.seedSupporter({ email: 'erase.me@example.org', firstName: 'Erin' });
    const keeperId = await harness.seedSupporter({ email: 'keep@example.org', firstName: 'Kim' });
    const segmentId = await harness.seedSegment();
    const [campaign] = (await harness.dataSource.query(
      `INSERT INTO campaigns (name, subject, markdown, segment_id, status) VALUES ('c', 's', 'm', $1, 'sent') RETURNING id`,
      [segmentId],
    )) as { id: string }[];
    for (const [id, email] of [
      [supporterId, 'erase.me@example.org'],
      [keeperId, 'keep@example.org'],
    ]) {
      await harness.dataSource.query(
        `INSERT INTO campaign_recipients (campaign_id, supporter_id, email, first_name, status) VALUES ($1, $2, $3, 'x', 'sent')`,
        [campaign!.id, id, email],
      );
      await harness.dataSource.query(
        `INSERT INTO email_events (provider_event_id, type, supporter_id, occurred_at, url, payload) VALUES ($1, 'click', $2, now(), $3, $4)`,
        [`e-${id}`, id, `https://example.org/donate?for=${email}`, JSON.stringify({ email })],
      );
      await harness.dataSource.query(
        `INSERT INTO outbox_messages (to_address, from_address, subject, html, text) VALUES ($1, 'a@b.c', 's', 'h', 't')`,
        [email],
      );
    }

    await forget(supporterId, 'erase.me@example.org');

    const recipients = (await harness.dataSource.query(
      `SELECT supporter_id, email, first_name FROM campaign_recipients ORDER BY email NULLS FIRST`,
    )) as { supporter_id: string; email: string | null; first_name: string | null }[];
    expect(recipients).toEqual([
      { supporter_id: supporterId, email: null, first_name: null },
      { supporter_id: keeperId, email: 'keep@example.org', first_name: 'x' },
    ]);
    const payloads = (await harness.dataSource.query(
      `SELECT supporter_id, url, payload FROM email_events`,
    )) as {
      supporter_id: string;
      url: string | null;
      payload: Record<string, string>;
    }[];
    expect(payloads.find((row) => row.supporter_id === supporterId)).toMatchObject({
      url: null,
      payload: {},
    });
    expect(payloads.find((row) => row.supporter_id === keeperId)).toMatchObject({
      url: 'https://example.org/donate?for=keep@example.org',
      payload: { email: 'keep@example.org' },
    });
    const outbox = (await harness.dataSource.query(`SELECT to_address FROM outbox_messages`)) as {
      to_address: string;
    }[];
    expect(outbox).toEqual([{ to_address: 'keep@example.org' }]);
  });

  it('removes the address and name from the frozen audience of a batch not sent yet', async () => {
    const supporterId = await harness.seedSupporter({ email: 'erase.frozen@example.org', firstName: 'Eve' });
    const keeperId = await harness.seedSupporter({ email: 'keep.frozen@example.org', firstName: 'Kit' });
    const [campaign] = (await harness.dataSource.query(
      `INSERT INTO campaigns (name, subject, markdown, segment_id, status, started_at)
       VALUES ('frozen', 's', 'm', $1, 'sending', now()) RETURNING id`,
      [await harness.seedSegment()],
    )) as { id: string }[];
    await harness.dataSource.query(
      `INSERT INTO campaign_batch_members (campaign_id, seq, first_number, supporter_ids, emails, first_names)
       VALUES ($1, 0, 1, ARRAY[$2, $3]::uuid[], ARRAY['keep.frozen@example.org', 'erase.frozen@example.org'], ARRAY['Kit', 'Eve'])`,
      [campaign!.id, keeperId, supporterId],
    );

    await forget(supporterId, 'erase.frozen@example.org');

    const [frozen] = (await harness.dataSource.query(
      `SELECT supporter_ids, emails, first_names FROM campaign_batch_members WHERE campaign_id = $1`,
      [campaign!.id],
    )) as { supporter_ids: string[]; emails: (string | null)[]; first_names: (string | null)[] }[];
    expect(frozen).toEqual({
      supporter_ids: [keeperId, supporterId],
      emails: ['keep.frozen@example.org', null],
      first_names: ['Kit', null],
    });
  });
});
