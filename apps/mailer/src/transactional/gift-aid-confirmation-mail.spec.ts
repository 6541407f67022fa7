import { transactionalJobId, type TransactionalEmail } from '@crm/queues';
import { waitFor } from '@crm/testing';
import { MailerHarness } from '../../test/mailer-harness';

/** The written record of an oral Gift Aid declaration (HMRC RE1841), to the supporter who made it. */
describe('Gift Aid confirmation mail', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start();
  });
  afterAll(() => harness.stop());

  const oralDeclaration = async (email: string): Promise<string> => {
    const [row] = (await harness.dataSource.query(
      `WITH s AS (INSERT INTO supporters (email, email_normalised, first_name, source) VALUES ($1, $1, 'Ada', 'test') RETURNING id)
       INSERT INTO gift_aid_declarations (supporter_id, title, first_name, last_name, house_name_or_number, postcode,
         wording_version, declared_at, method, scope, covers_from, covers_future)
       SELECT s.id, 'Dr', 'Ada', 'Lovelace', '12', 'N1 1AA', 'v1', '2026-01-15T10:00:00Z', 'oral', 'supporter_gifts',
         '2025-01-01T00:00:00Z', true FROM s RETURNING id`,
      [email],
    )) as { id: string }[];
    return row!.id;
  };

  const send = async (email: TransactionalEmail): Promise<void> => {
    const before = harness.sendgrid.sends.length;
    await harness.transactional().add('send-email', email, { jobId: transactionalJobId(email) });
    await waitFor(async () => harness.sendgrid.sends.length > before);
  };

  it('states what was declared and the right to cancel within 30 days, with the date', async () => {
    const id = await oralDeclaration('ada.oral@example.org');
    await send({ template: 'gift-aid-confirmation', reference: id, declarationId: id });
    const sent = harness.sendgrid.sends.at(-1)!;
    expect(sent.personalizations[0]!.to[0]!.email).toBe('ada.oral@example.org');
    expect(sent.subject).toBe('Your Gift Aid declaration');
    const text = sent.content![0]!.value;
    expect(text).toContain('Dear Dr Ada Lovelace,');
    expect(text).toContain(
      'on 15/01/2026 that you want us to claim Gift Aid on donations made since 01/01/2025 and all future donations',
    );
    const cancelBy = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date(Date.now() + 30 * 86_400_000));
    expect(text).toContain(
      `You have the right to cancel this declaration within 30 days of this email, that is by ${cancelBy}.`,
    );
  });
});
