import { transactionalJobId, type TransactionalEmail } from '@crm/queues';
import { waitFor } from '@crm/testing';
import { MailerHarness } from '../../test/mailer-harness';

/** The console's invitation and password-reset emails: to the address the link was issued for. */
describe('staff link mail', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start();
  });
  afterAll(() => harness.stop());

  const link = async (kind: 'invite' | 'password_reset', email: string, name: string | null) => {
    if (kind === 'password_reset') {
      await harness.dataSource.query(
        `INSERT INTO staff_users (email, name, role, password_hash) VALUES ($1, $2, 'comms', 'x')`,
        [email, name],
      );
    }
    const [row] = (await harness.dataSource.query(
      `INSERT INTO staff_invitations (kind, token_hash, email, name, role, staff_user_id, expires_at)
       VALUES ($1, md5(random()::text), $2, $3, CASE WHEN $1 = 'invite' THEN 'fundraising' END,
               (SELECT id FROM staff_users WHERE email = $2), now() + interval '1 hour')
       RETURNING id`,
      [kind, email, name],
    )) as { id: string }[];
    return row!.id;
  };

  const send = async (email: TransactionalEmail): Promise<void> => {
    const before = harness.sendgrid.sends.length;
    await harness.transactional().add('send-email', email, { jobId: transactionalJobId(email) });
    await waitFor(async () => harness.sendgrid.sends.length > before);
  };

  it('sends an invitation with the role and the accept link', async () => {
    const id = await link('invite', 'new.person@example.org', 'Nell');
    const acceptUrl = 'https://console.example.org/invite?token=abc';
    await send({ template: 'staff-invitation', reference: id, invitationId: id, acceptUrl });
    const sent = harness.sendgrid.sends.at(-1)!;
    expect(sent.personalizations[0]!.to[0]!.email).toBe('new.person@example.org');
    const [text, html] = sent.content!;
    expect(text!.value).toContain('Hello Nell,');
    expect(text!.value).toContain('as fundraising');
    expect(text!.value).toContain(acceptUrl);
    // Handlebars escapes `=` in attribute values; a mail client reads it back as `=`.
    expect(html!.value).toMatch(/href="https:\/\/console\.example\.org\/invite\?token(=|&#x3D;)abc"/);
  });

  it('sends a password reset with its link', async () => {
    const id = await link('password_reset', 'rory@example.org', 'Rory');
    const resetUrl = 'https://console.example.org/reset-password?token=xyz';
    await send({ template: 'staff-password-reset', reference: id, invitationId: id, resetUrl });
    const sent = harness.sendgrid.sends.at(-1)!;
    expect(sent.personalizations[0]!.to[0]!.email).toBe('rory@example.org');
    expect(sent.content![0]!.value).toContain(resetUrl);
  });
});
