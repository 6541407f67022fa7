import { transactionalJobId, type TransactionalEmail } from '@crm/queues';
import { waitFor } from '@crm/testing';
import { MailerHarness } from '../../test/mailer-harness';

/** Mail about changes to a monthly gift made through a donor link: the raise confirmation, and each change made. */
describe('donor link mail', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start();
  });
  afterAll(() => harness.stop());

  const monthlyGift = async (email: string, supporterId: string | null = null): Promise<string> => {
    const [row] = (await harness.dataSource.query(
      `INSERT INTO recurring_donations (stripe_subscription_id, supporter_id, email, donor_name, amount, currency, status)
       VALUES ('sub_' || md5(random()::text), $1, $2, 'Mae Jemison', 1000, 'gbp', 'active') RETURNING id`,
      [supporterId, email],
    )) as { id: string }[];
    return row!.id;
  };
  const send = (email: TransactionalEmail) =>
    harness.transactional().add('send-email', email, { jobId: transactionalJobId(email) });
  const sentTo = (address: string) =>
    harness.sendgrid.sends.filter((body) => body.personalizations[0]!.to[0]!.email === address);
  const ledger = async (template: string, reference: string): Promise<string | undefined> =>
    (
      (await harness.dataSource.query(
        'SELECT status FROM transactional_messages WHERE template = $1 AND reference = $2',
        [template, reference],
      )) as { status: string }[]
    )[0]?.status;

  it("sends the raise's confirmation link to the donor, saying nothing changes until it is used", async () => {
    const id = await monthlyGift('mae@example.org');
    const confirmUrl = 'https://give.example.org/donor/recurring?token=increase-token';
    await send({
      template: 'donor-increase-confirm',
      reference: `${id}-v1-1000000-1`,
      recurringDonationId: id,
      amount: 1_000_000,
      previousAmount: 1000,
      confirmUrl,
    });
    await waitFor(async () => (await ledger('donor-increase-confirm', `${id}-v1-1000000-1`)) === 'sent');
    const [mail] = sentTo('mae@example.org');
    expect(mail!.subject).toBe('Please confirm your new monthly gift of £10,000.00');
    const [text, html] = mail!.content!;
    expect(text!.value).toContain('Dear Mae,');
    expect(text!.value).toContain('from £10.00 to £10,000.00');
    expect(text!.value).toContain(confirmUrl);
    expect(text!.value).toContain('Nothing changes until you confirm');
    expect(html!.value).toMatch(
      /<a href="https:\/\/give\.example\.org\/donor\/recurring\?token&#x3D;increase-token"[^>]*>Confirm £10,000\.00 a month<\/a>/,
    );
  });

  it('confirms a lowered amount with the new link, and a cancellation without one', async () => {
    const id = await monthlyGift('ida@example.org');
    const manageUrl = 'https://give.example.org/donor/recurring?token=fresh-token';
    await send({
      template: 'donor-gift-changed',
      reference: `${id}-v2`,
      recurringDonationId: id,
      change: 'decreased',
      amount: 500,
      previousAmount: 1000,
      manageUrl,
    });
    await send({
      template: 'donor-gift-changed',
      reference: `${id}-v3`,
      recurringDonationId: id,
      change: 'cancelled',
      amount: 500,
      previousAmount: 500,
    });
    await waitFor(async () => (await ledger('donor-gift-changed', `${id}-v3`)) === 'sent');
    await waitFor(async () => (await ledger('donor-gift-changed', `${id}-v2`)) === 'sent');
    const mails = sentTo('ida@example.org');
    const lowered = mails.find((mail) => mail.subject === 'Your monthly gift is now £5.00')!;
    expect(lowered.content![0]!.value).toContain('changed from £10.00 to £5.00 a month');
    expect(lowered.content![0]!.value).toContain(manageUrl);
    expect(lowered.content![0]!.value).toContain('If you did not make this change');
    const cancelled = mails.find((mail) => mail.subject === 'Your monthly gift is cancelled')!;
    expect(cancelled.content![0]!.value).toContain('Your monthly gift of £5.00 is cancelled');
    expect(cancelled.content![0]!.value).not.toContain('donor/recurring');
  });

  it('writes to nobody once the donor is erased', async () => {
    const supporterId = await harness.seedSupporter({ email: 'gone@example.org', firstName: 'Gone' });
    const id = await monthlyGift('gone@example.org', supporterId);
    await harness.dataSource.query('UPDATE supporters SET erased_at = now() WHERE id = $1', [supporterId]);
    const email: TransactionalEmail = {
      template: 'donor-gift-changed',
      reference: `${id}-v2`,
      recurringDonationId: id,
      change: 'cancelled',
      amount: 1000,
      previousAmount: 1000,
    };
    await send(email);
    const queue = harness.transactional().queue;
    await waitFor(async () => (await queue.getJobState(transactionalJobId(email))) === 'completed');
    expect(sentTo('gone@example.org')).toEqual([]);
  });
});
