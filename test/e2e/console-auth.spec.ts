import { StaffLinks } from '@crm/auth';
import { AuditEntry, StaffInvitation } from '@crm/entities';
import { transactionalMailQueue, queueKeyPrefix, redisOptionsFromUrl } from '@crm/queues';
import { type BootedApp, bootApp, staffBearer, TEST_REDIS_URL, TestEnvironment } from '@crm/testing';
import { Queue } from 'bullmq';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import QRCode from 'qrcode';
import request from 'supertest';
import { DataSource, In } from 'typeorm';
import { QR_CODE_OPTIONS } from '../../apps/console/src/auth/totp';
import { ConsoleModule } from '../../apps/console/src/console.module';
import { loadConsoleConfig } from '../../apps/console/src/config/console.config';
import { mountApiProxy } from '../../apps/console/src/proxy/api-proxy';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';

const PASSWORD = 'correct horse battery staple';

/** The console in front of the subscribers app: sign-in, sessions, CSRF, lock-out, staff admin. */
describe('console: sign-in and the proxy to the apps', () => {
  let env: TestEnvironment;
  let subscribers: BootedApp;
  let console_: BootedApp;
  let db: DataSource;
  let webDir: string;
  let links: StaffLinks;
  let mailQueue: Queue;
  /** Each test signs in from its own address, so the per-address lock-out of one does not touch another. */
  let address = 10;
  const nextAddress = (): string => `203.0.113.${address++}`;

  const cookieOf = (response: request.Response): string => {
    const header = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const session = header.find((line) => line.startsWith('crm_session='));
    if (!session) throw new Error('no session cookie set');
    return session.split(';')[0]!;
  };

  const invite = async (
    email: string,
    role: 'admin' | 'fundraising' | 'comms' | 'viewer',
    name = 'Sam Staff',
  ) => {
    const link = await links.invite({ email, role, name });
    return new URL(link.url).searchParams.get('token')!;
  };

  const join_ = async (
    email: string,
    role: 'admin' | 'fundraising' | 'comms' | 'viewer',
    ip = nextAddress(),
  ) => {
    const token = await invite(email, role);
    const response = await request(console_.url)
      .post('/api/auth/invitations/accept')
      .set('X-Forwarded-For', ip)
      .send({ token, password: PASSWORD })
      .expect(200);
    return { cookie: cookieOf(response), csrfToken: response.body.csrfToken as string, body: response.body };
  };

  const login = (body: Record<string, string>, ip = nextAddress()) =>
    request(console_.url).post('/api/auth/login').set('X-Forwarded-For', ip).send(body);

  beforeAll(async () => {
    env = await TestEnvironment.create();
    webDir = await mkdtemp(join(tmpdir(), 'console-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Console</title><div id="root"></div>');
    await writeFile(join(webDir, 'assets', 'app-1234.js'), 'console.log("app")');
    subscribers = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    console_ = await bootApp(
      loadConsoleConfig(
        env.env({
          SUBSCRIBERS_URL: subscribers.url,
          TRUST_PROXY: 'loopback',
          STAFF_REQUIRE_2FA: 'admin',
          CONSOLE_WEB_DIR: webDir,
          CONSOLE_URL: 'https://console.example.org',
        }),
      ),
      ConsoleModule.forRoot,
      mountApiProxy,
    );
    db = console_.app.get(DataSource);
    links = new StaffLinks(db, 'https://console.example.org');
    mailQueue = new Queue(transactionalMailQueue.name, {
      connection: redisOptionsFromUrl(TEST_REDIS_URL),
      prefix: queueKeyPrefix(env.queuePrefix),
    });
  });
  afterAll(async () => {
    await mailQueue.close();
    await console_.close();
    await subscribers.close();
    await env.destroy();
    await rm(webDir, { recursive: true, force: true });
  });

  it('accepts an invitation only with a strong password, then is signed in with a strict HttpOnly cookie', async () => {
    const token = await invite('fay@example.org', 'fundraising', 'Fay Fundraiser');
    const weak = await request(console_.url)
      .post('/api/auth/invitations/accept')
      .send({ token, password: 'short' })
      .expect(400);
    expect(weak.body.message).toMatch(/^password: /);
    const common = await request(console_.url)
      .post('/api/auth/invitations/accept')
      .send({ token, password: 'password1234' })
      .expect(400);
    expect(common.body.details).toEqual([{ field: 'password', messages: [expect.any(String)] }]);

    const accepted = await request(console_.url)
      .post('/api/auth/invitations/accept')
      .send({ token, password: PASSWORD })
      .expect(200);
    expect(accepted.body).toMatchObject({
      staff: { email: 'fay@example.org', name: 'Fay Fundraiser', role: 'fundraising' },
      csrfToken: expect.any(String),
      mustSetUpTotp: false,
    });
    const cookie = ([] as string[]).concat(accepted.headers['set-cookie'] ?? [])[0]!;
    expect(cookie).toMatch(/^crm_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    const [stored] = (await db.query(
      `SELECT password_hash FROM staff_users WHERE email = 'fay@example.org'`,
    )) as { password_hash: string }[];
    expect(stored!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored!.password_hash).not.toContain(PASSWORD);

    const again = await request(console_.url)
      .post('/api/auth/invitations/accept')
      .send({ token, password: PASSWORD })
      .expect(400);
    expect(again.body).toMatchObject({ code: 'LINK_INVALID' });
  });

  it('answers one generic 401 for an unknown email and a wrong password', async () => {
    await join_('gus@example.org', 'comms');
    const unknown = await login({ email: 'nobody@example.org', password: PASSWORD }).expect(401);
    const wrong = await login({ email: 'gus@example.org', password: `${PASSWORD}!` }).expect(401);
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    const actions = await db.getRepository(AuditEntry).findBy({ action: 'staff.sign-in-failed' });
    expect(actions.map((row) => row.details.reason).sort()).toEqual(['unknown-account', 'wrong-password']);
  });

  it('signs in, reaches an app through the proxy, needs the CSRF token to change anything, and signs out', async () => {
    await join_('cal@example.org', 'comms');
    const signedIn = await login({ email: 'CAL@example.org', password: PASSWORD }).expect(200);
    const cookie = cookieOf(signedIn);
    const { csrfToken } = signedIn.body as { csrfToken: string };
    expect(signedIn.body.staff).toMatchObject({ email: 'cal@example.org', role: 'comms' });

    const me = await request(console_.url).get('/api/auth/me').set('Cookie', cookie).expect(200);
    expect(me.body).toMatchObject({ staff: { email: 'cal@example.org' }, csrfToken });

    await request(console_.url).get('/api/subscribers/supporters').set('Cookie', cookie).expect(200);
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised, first_name) VALUES ('pat@example.org', 'pat@example.org', 'Pat') RETURNING id`,
    )) as { id: string }[];
    const refused = await request(console_.url)
      .patch(`/api/subscribers/supporters/${id}`)
      .set('Cookie', cookie)
      .send({ tags: ['volunteer'] })
      .expect(403);
    expect(refused.body.code).toBe('CSRF_TOKEN_REQUIRED');
    const changed = await request(console_.url)
      .patch(`/api/subscribers/supporters/${id}`)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .send({ tags: ['volunteer'] })
      .expect(200);
    expect(changed.body.tags).toEqual(['volunteer']);

    await request(console_.url).post('/api/auth/logout').set('Cookie', cookie).expect(204);
    await request(console_.url).get('/api/auth/me').set('Cookie', cookie).expect(401);
    await request(console_.url).get('/api/subscribers/supporters').set('Cookie', cookie).expect(401);
  });

  it("refuses a viewer's write through the proxy even with the CSRF token", async () => {
    const viewer = await join_('vic@example.org', 'viewer');
    await request(console_.url).get('/api/subscribers/supporters').set('Cookie', viewer.cookie).expect(200);
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised) VALUES ('quin@example.org', 'quin@example.org') RETURNING id`,
    )) as { id: string }[];
    await request(console_.url)
      .patch(`/api/subscribers/supporters/${id}`)
      .set('Cookie', viewer.cookie)
      .set('X-CSRF-Token', viewer.csrfToken)
      .send({ tags: ['x'] })
      .expect(403);
  });

  it('locks an account after 5 failures in 15 minutes with 429 and Retry-After, even for the right password', async () => {
    await join_('lou@example.org', 'comms');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await login({ email: 'lou@example.org', password: 'not the password at all' }).expect(401);
    }
    const locked = await login({ email: 'lou@example.org', password: PASSWORD }).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(900);
  });

  it('locks an address after 5 failures whatever the accounts tried', async () => {
    await join_('max@example.org', 'comms');
    const ip = nextAddress();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await login({ email: `guess${attempt}@example.org`, password: 'not the password at all' }, ip).expect(
        401,
      );
    }
    await login({ email: 'max@example.org', password: PASSWORD }, ip).expect(429);
    await login({ email: 'max@example.org', password: PASSWORD }).expect(200);
  });

  it('makes an admin set up two-factor sign-in first when STAFF_REQUIRE_2FA=admin, then asks for the code', async () => {
    const admin = await join_('ada@example.org', 'admin');
    expect(admin.body.mustSetUpTotp).toBe(true);
    await request(console_.url).get('/api/staff').set('Cookie', admin.cookie).expect(403);
    await request(console_.url).post('/api/auth/totp/setup').set('Cookie', admin.cookie).expect(403);
    const setup = await request(console_.url)
      .post('/api/auth/totp/setup')
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken)
      .expect(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    // The QR code is the otpauth URL drawn as an SVG, ready for an <img>.
    const [prefix, base64] = (setup.body.qrCode as string).split(',') as [string, string];
    expect(prefix).toBe('data:image/svg+xml;base64');
    const svg = Buffer.from(base64, 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toBe(await QRCode.toString(setup.body.otpauthUrl as string, QR_CODE_OPTIONS));
    const secret = setup.body.secret as string;
    const stored = (await db.query(
      `SELECT totp_secret FROM staff_users WHERE email = 'ada@example.org'`,
    )) as {
      totp_secret: string;
    }[];
    expect(stored[0]!.totp_secret).not.toContain(secret);

    const current = await generate({ secret });
    const wrong = String((Number(current) + 1) % 1_000_000).padStart(6, '0');
    await request(console_.url)
      .post('/api/auth/totp/enable')
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ code: wrong })
      .expect(400);
    const enabled = await request(console_.url)
      .post('/api/auth/totp/enable')
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ code: await generate({ secret }) })
      .expect(200);
    expect(enabled.body.mustSetUpTotp).toBe(false);
    await request(console_.url).get('/api/staff').set('Cookie', admin.cookie).expect(200);

    const withoutCode = await login({ email: 'ada@example.org', password: PASSWORD }).expect(401);
    expect(withoutCode.body.code).toBe('TOTP_REQUIRED');
    // The code just used cannot be used again; the next one (30 s on) is within the allowed drift.
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    await login({ email: 'ada@example.org', password: PASSWORD, totp: next }).expect(200);
  });

  it('lets an admin invite, change a role, and disable someone, which ends their sessions; all audited', async () => {
    const bearer = await staffBearer(db, 'admin', 'ops script');
    const invited = await request(console_.url)
      .post('/api/staff')
      .set('Authorization', bearer)
      .send({ email: 'Nia@Example.org', role: 'viewer', name: 'Nia New' })
      .expect(201);
    expect(invited.body).toMatchObject({ email: 'nia@example.org', role: 'viewer' });
    expect(invited.body.url).toMatch(/^https:\/\/console\.example\.org\/invite\?token=/);
    const jobs = await mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    expect(jobs.map((job) => job.data)).toContainEqual(
      expect.objectContaining({
        template: 'staff-invitation',
        invitationId: invited.body.id,
        acceptUrl: invited.body.url,
      }),
    );
    await request(console_.url)
      .post('/api/staff')
      .set('Authorization', bearer)
      .send({ email: 'fay@example.org', role: 'viewer' })
      .expect(409);

    const dan = await join_('dan@example.org', 'comms');
    const list = await request(console_.url)
      .get('/api/staff?limit=100')
      .set('Authorization', bearer)
      .expect(200);
    const danRow = (list.body.items as { id: string; email: string }[]).find(
      (row) => row.email === 'dan@example.org',
    )!;
    await request(console_.url)
      .patch(`/api/staff/${danRow.id}`)
      .set('Authorization', bearer)
      .send({ role: 'viewer' })
      .expect(200);
    await request(console_.url).get('/api/auth/me').set('Cookie', dan.cookie).expect(200);
    const disabled = await request(console_.url)
      .patch(`/api/staff/${danRow.id}`)
      .set('Authorization', bearer)
      .send({ disabled: true })
      .expect(200);
    expect(disabled.body).toMatchObject({ role: 'viewer', disabled: true });
    await request(console_.url).get('/api/auth/me').set('Cookie', dan.cookie).expect(401);
    await login({ email: 'dan@example.org', password: PASSWORD }).expect(401);

    const audit = await request(console_.url)
      .get('/api/audit-log?limit=3')
      .set('Authorization', bearer)
      .expect(200);
    expect(audit.body.items.map((row: { action: string }) => row.action)).toEqual([
      'staff.sign-in-failed',
      'staff.disabled',
      'staff.role-changed',
    ]);
    expect(audit.body.items[2].details).toEqual({ from: 'comms', to: 'viewer' });
    const next = await request(console_.url)
      .get(`/api/audit-log?limit=3&cursor=${audit.body.nextCursor}`)
      .set('Authorization', bearer)
      .expect(200);
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(audit.body.items[2].id));
    await request(console_.url).get('/api/audit-log').set('Cookie', dan.cookie).expect(401);
    const viewer = await join_('val@example.org', 'viewer');
    await request(console_.url).get('/api/audit-log').set('Cookie', viewer.cookie).expect(403);
  });

  it('answers 202 to any reset request, and a reset link sets a new password and ends every session', async () => {
    const rita = await join_('rita@example.org', 'comms');
    await request(console_.url)
      .post('/api/auth/password-reset')
      .send({ email: 'nobody@example.org' })
      .expect(202);
    await request(console_.url)
      .post('/api/auth/password-reset')
      .send({ email: 'rita@example.org' })
      .expect(202);
    const jobs = await mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    const reset = jobs
      .map((job) => job.data as { template: string; resetUrl?: string })
      .find((data) => data.template === 'staff-password-reset');
    expect(reset?.resetUrl).toMatch(/^https:\/\/console\.example\.org\/reset-password\?token=/);
    expect(await db.getRepository(StaffInvitation).countBy({ kind: 'password_reset' })).toBe(1);
    const token = new URL(reset!.resetUrl!).searchParams.get('token')!;

    await request(console_.url)
      .post('/api/auth/password-reset/complete')
      .send({ token, password: 'password1234' })
      .expect(400);
    await request(console_.url)
      .post('/api/auth/password-reset/complete')
      .send({ token, password: 'a brand new passphrase' })
      .expect(204);
    await request(console_.url).get('/api/auth/me').set('Cookie', rita.cookie).expect(401);
    await login({ email: 'rita@example.org', password: PASSWORD }).expect(401);
    await login({ email: 'rita@example.org', password: 'a brand new passphrase' }).expect(200);
    await request(console_.url)
      .post('/api/auth/password-reset/complete')
      .send({ token, password: 'another new passphrase' })
      .expect(400);
  });

  it('sends one account at most 3 reset emails an hour, answering 202 to every request', async () => {
    await join_('lee@example.org', 'viewer');
    await join_('mo@example.org', 'viewer');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answer = await request(console_.url)
        .post('/api/auth/password-reset')
        .send({ email: attempt % 2 ? 'lee@example.org' : 'LEE@example.org' })
        .expect(202);
      expect(answer.text).toBe('');
    }
    await request(console_.url)
      .post('/api/auth/password-reset')
      .send({ email: 'mo@example.org' })
      .expect(202);

    const links = await db
      .getRepository(StaffInvitation)
      .findBy({ kind: 'password_reset', email: In(['lee@example.org', 'mo@example.org']) });
    expect(links.filter((link) => link.email === 'lee@example.org')).toHaveLength(3);
    expect(links.filter((link) => link.email === 'mo@example.org')).toHaveLength(1);
    const jobs = await mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    const emailed = jobs
      .map((job) => job.data as { template: string; invitationId?: string })
      .filter((data) => data.template === 'staff-password-reset')
      .map((data) => data.invitationId);
    expect(emailed).toEqual(expect.arrayContaining(links.map((link) => link.id)));
    expect(emailed.filter((id) => links.some((link) => link.id === id))).toHaveLength(4);
  });

  it('tells the SPA whether the mailer keeps email in its dev outbox, from whether SENDGRID_API_KEY is set', async () => {
    await join_('oli@example.org', 'comms');
    const signedIn = await login({ email: 'oli@example.org', password: PASSWORD }).expect(200);
    expect(signedIn.body.devOutbox).toBe(true);
    const cookie = cookieOf(signedIn);
    const me = await request(console_.url).get('/api/auth/me').set('Cookie', cookie).expect(200);
    expect(me.body.devOutbox).toBe(true);

    const withSendGrid = await bootApp(
      loadConsoleConfig(
        env.env({
          SUBSCRIBERS_URL: subscribers.url,
          CONSOLE_WEB_DIR: webDir,
          SENDGRID_API_KEY: 'SG.e2e-key',
        }),
      ),
      ConsoleModule.forRoot,
      mountApiProxy,
    );
    try {
      const there = await request(withSendGrid.url).get('/api/auth/me').set('Cookie', cookie).expect(200);
      expect(there.body).toMatchObject({ staff: { email: 'oli@example.org' }, devOutbox: false });
    } finally {
      await withSendGrid.close();
    }
  });

  it('serves the SPA for every non-API path, its assets, and leaves /health and /api alone', async () => {
    const home = await request(console_.url).get('/').expect(200);
    expect(home.text).toContain('<div id="root">');
    const deep = await request(console_.url).get('/supporters/123').expect(200);
    expect(deep.headers['content-type']).toMatch(/text\/html/);
    const asset = await request(console_.url).get('/assets/app-1234.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await request(console_.url).get('/health').expect(200);
    const unknownApi = await request(console_.url).get('/api/nothing-here').expect(404);
    expect(unknownApi.headers['content-type']).toMatch(/json/);
    await request(console_.url).get('/docs-json').expect(200);
  });
});
