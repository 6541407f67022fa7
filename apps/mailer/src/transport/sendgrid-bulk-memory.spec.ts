import { FakeSendGrid } from '@crm/testing';
import { type BulkRecipient, bulkRecipients } from './mail-transport';
import { SendGridTransport } from './sendgrid.transport';

const people = (count: number, tag: string): BulkRecipient[] =>
  Array.from({ length: count }, (_, n) => ({
    email: `${tag}-${n}@example.org`,
    substitutions: { m0t: `${tag} person ${n} ${'x'.repeat(n % 7 === 0 ? 2_000 : 10)}` },
    customArgs: { recipient_id: `${tag}-${n}` },
    headers: {},
  }));

/**
 * Bulk bodies are written into memory used again from one post to the next (BodyBufferPool): each
 * post must still carry exactly its own recipients, whatever a larger earlier body left behind.
 */
describe('SendGrid bulk posts through reused body memory', () => {
  let sendgrid: FakeSendGrid;
  let transport: SendGridTransport;

  beforeAll(async () => {
    sendgrid = await new FakeSendGrid().start();
    transport = new SendGridTransport({
      apiKey: FakeSendGrid.API_KEY,
      apiUrl: sendgrid.url,
      timeoutMs: 5_000,
      trackingAllowed: true,
      bulkSendsAtOnce: 1,
    });
  });
  afterAll(() => sendgrid.stop());

  const post = (recipients: BulkRecipient[]) =>
    transport.sendBulk({
      campaignId: '00000000-0000-4000-8000-000000000001',
      from: { email: 'news@example.org' },
      subject: 'News for [%m0t%]',
      html: '<p>Hello [%m0t%]</p>',
      text: 'Hello [%m0t%]',
      categories: ['campaign'],
      tracking: { opens: false, clicks: false },
      recipients: bulkRecipients(recipients),
    });

  it('sends a small batch after a large one, and after a refused one, each body whole and its own', async () => {
    const batches = [people(300, 'large'), people(3, 'small')];
    for (const batch of batches) await post(batch);
    sendgrid.script({ status: 500, body: { errors: [{ message: 'try later' }] } });
    const refused = people(40, 'refused');
    await expect(post(refused)).rejects.toThrow();
    const last = people(2, 'last');
    await post(last);

    const received = sendgrid.sends.map((body) => body.personalizations.map((p) => p.to[0]!.email));
    expect(received).toEqual([...batches, refused, last].map((batch) => batch.map((person) => person.email)));
    const lastBody = sendgrid.sends.at(-1)!;
    expect(lastBody.personalizations.map((p) => p.substitutions?.['[%m0t%]'])).toEqual(
      last.map((person) => person.substitutions.m0t),
    );
  });
});
