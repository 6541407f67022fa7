import { FakeSendGrid } from '@crm/testing';
import { bulkRecipients } from './mail-transport';
import { SendGridTransport } from './sendgrid.transport';
import { MailRejectedError } from './transport-errors';

const MINUTE = 60_000;

/** Scheduled sends through the SDK against the fake SendGrid, which keeps SendGrid's 10-minute rule. */
describe('SendGrid scheduled sends', () => {
  let sendgrid: FakeSendGrid;
  let transport: SendGridTransport;

  const sendAt = (batchId: string, minutes: number, email: string) =>
    transport.sendBulk({
      campaignId: '00000000-0000-4000-8000-000000000001',
      from: { email: 'news@example.org' },
      subject: 'News',
      html: '<p>News</p>',
      text: 'News',
      categories: ['campaign'],
      tracking: { opens: false, clicks: false },
      recipients: bulkRecipients([{ email, substitutions: {}, customArgs: {}, headers: {} }]),
      schedule: { batchId, sendAt: new Date(Date.now() + minutes * MINUTE) },
    });

  beforeAll(async () => {
    sendgrid = await new FakeSendGrid().start();
    transport = new SendGridTransport({
      apiKey: FakeSendGrid.API_KEY,
      apiUrl: sendgrid.url,
      timeoutMs: 5_000,
      trackingAllowed: true,
      bulkSendsAtOnce: 8,
    });
  });
  afterAll(() => sendgrid.stop());

  it('cancels a batch id more than 10 minutes ahead: none of its mail is delivered, a second cancel is a no-op', async () => {
    const batchId = await transport.scheduledSends.createBatch();
    await sendAt(batchId, 15, 'a@example.org');
    const other = await transport.scheduledSends.createBatch();
    await sendAt(other, 15, 'b@example.org');

    await transport.scheduledSends.cancelBatch(batchId);
    await transport.scheduledSends.cancelBatch(batchId);

    expect(sendgrid.accepted.map((body) => body.batch_id)).toEqual([batchId, other]);
    expect(sendgrid.delivered.map((body) => body.personalizations[0]!.to[0]!.email)).toEqual([
      'b@example.org',
    ]);
    expect(sendgrid.accepted[0]!.send_at).toBeGreaterThan(Date.now() / 1_000 + 14 * 60);
  });

  it('is refused within 10 minutes of a send_at of the batch, which then stays deliverable', async () => {
    const batchId = await transport.scheduledSends.createBatch();
    await sendAt(batchId, 20, 'c@example.org');
    await sendAt(batchId, 9, 'd@example.org');

    await expect(transport.scheduledSends.cancelBatch(batchId)).rejects.toBeInstanceOf(MailRejectedError);
    expect(sendgrid.delivered.filter((body) => body.batch_id === batchId)).toHaveLength(2);
  });

  it('refuses mail carrying a batch id SendGrid never made', async () => {
    await expect(sendAt('made-up', 15, 'e@example.org')).rejects.toBeInstanceOf(MailRejectedError);
  });
});
