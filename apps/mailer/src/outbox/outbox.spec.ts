import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import { redactLinkTokens } from './redact-link-tokens';

const CONFIRM = 'https://crm.example.org/subscribe/confirm?token=Zm9vYmFyYmF6LXF1eF8xMjM';
const DONOR =
  'https://give.example.org/donor/recurring?token=0b0e2c4e-7c55-4d4b-9f0e-4c4a2b1c0d00.c2lnbmF0dXJl';
const UNSUBSCRIBE = 'https://crm.example.org/unsubscribe?token=0b0e2c4e-7c55-4d4b-9f0e-4c4a2b1c0d00.dW5zdWI';
const SECRETS = ['Zm9vYmFyYmF6LXF1eF8xMjM', 'c2lnbmF0dXJl', 'dW5zdWI'];

describe('dev outbox', () => {
  let harness: MailerHarness;
  let id: string;

  beforeAll(async () => {
    harness = await MailerHarness.start({ transport: 'outbox' });
    // As the templates store them: Handlebars writes `=` in an href as `&#x3D;`.
    const [row] = (await harness.dataSource.query(
      `INSERT INTO outbox_messages (to_address, from_address, subject, html, text, headers, categories)
       VALUES ('links@example.org', 'news@example.org', 'Your links', $1, $2, $3, '{}') RETURNING id`,
      [
        `<a href="${CONFIRM.replace('=', '&#x3D;')}">Confirm</a> <a href="${DONOR.replace('=', '&#x3D;')}&amp;x&#x3D;1">Manage</a>`,
        `Confirm: ${CONFIRM}\nManage (${DONOR})\nUnsubscribe: ${UNSUBSCRIBE}`,
        JSON.stringify({
          'List-Unsubscribe': `<${UNSUBSCRIBE}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }),
      ],
    )) as { id: string }[];
    id = row!.id;
  });
  afterAll(() => harness.stop());

  const read = async (role: 'admin' | 'comms' | 'viewer') => {
    const bearer = await harness.bearer(role);
    const list = await request(harness.url)
      .get('/outbox')
      .query({ to: 'links@example.org' })
      .set('Authorization', bearer)
      .expect(200);
    const html = await request(harness.url).get(`/outbox/${id}`).set('Authorization', bearer).expect(200);
    return {
      message: list.body.items[0],
      whole: `${JSON.stringify(list.body)}\n${html.text}`,
      html: html.text,
    };
  };

  it.each(['viewer', 'comms'] as const)(
    'shows %s the links with their tokens redacted, in text, headers and HTML',
    async (role) => {
      const { message, whole, html } = await read(role);
      for (const secret of SECRETS) expect(whole).not.toContain(secret);
      expect(message.text).toContain('https://crm.example.org/subscribe/confirm?token=redacted');
      expect(message.text).toContain('https://give.example.org/donor/recurring?token=redacted)');
      expect(message.headers['List-Unsubscribe']).toBe(
        '<https://crm.example.org/unsubscribe?token=redacted>',
      );
      expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(html).toContain(
        'href="https://give.example.org/donor/recurring?token&#x3D;redacted&amp;x&#x3D;1"',
      );
    },
  );

  it('answers 404 with its code for a message that is not there', async () => {
    const missing = await request(harness.url)
      .get('/outbox/00000000-0000-4000-8000-000000000000')
      .set('Authorization', await harness.bearer('admin'))
      .expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'outbox_message_not_found' });
  });

  it('shows an admin the links whole', async () => {
    const { message, whole } = await read('admin');
    for (const secret of SECRETS) expect(whole).toContain(secret);
    expect(message.text).toContain(CONFIRM);
  });

  it('redacts a token however the link is written, and nothing else', () => {
    expect(redactLinkTokens('https://a.example/x?b=1&token=abc.DEF-_~&c=2')).toBe(
      'https://a.example/x?b=1&token=redacted&c=2',
    );
    expect(redactLinkTokens('https://t.example/?u=https%3A%2F%2Fa.example%2Fx%3Ftoken%3Dabc%26c%3D2')).toBe(
      'https://t.example/?u=https%3A%2F%2Fa.example%2Fx%3Ftoken%3Dredacted%26c%3D2',
    );
    expect(redactLinkTokens('/invite?reset_token=abc and /x?csrfToken=def')).toBe(
      '/invite?reset_token=redacted and /x?csrfToken=redacted',
    );
    expect(redactLinkTokens('Your token is safe. tokens=3')).toBe('Your token is safe. tokens=3');
  });
});
