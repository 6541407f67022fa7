import { StaffLinks } from '@crm/auth';
import { type BootedApp, bootApp, TestEnvironment } from '@crm/testing';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ConsoleModule } from '../../apps/console/src/console.module';
import { loadConsoleConfig } from '../../apps/console/src/config/console.config';
import { mountApiProxy } from '../../apps/console/src/proxy/api-proxy';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';

const PASSWORD = 'correct horse battery staple';
const WRONG = 'not the password at all';

/** Sends one request exactly as written (supertest would normalise the path) and reads the answer. */
const rawRequest = (url: string, requestLine: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    let answer = '';
    const socket = connect(Number(port), hostname, () =>
      socket.write(`${requestLine}\r\nHost: console.example.org\r\nConnection: close\r\n\r\n`),
    );
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });

/** The console attacked from outside and by a signed-in staff member (SECURITY.md, console rows). */
describe('console: attacks on sign-in, the proxy and the SPA', () => {
  let env: TestEnvironment;
  let subscribers: BootedApp;
  let console_: BootedApp;
  let links: StaffLinks;
  let webDir: string;
  let elsewhere: Server;
  const elsewhereHits: string[] = [];
  let address = 10;
  const nextAddress = (): string => `203.0.113.${address++}`;

  const join_ = async (email: string) => {
    const link = await links.invite({ email, role: 'comms', name: 'Sam Staff' });
    const token = new URL(link.url).searchParams.get('token')!;
    await request(console_.url)
      .post('/api/auth/invitations/accept')
      .set('X-Forwarded-For', nextAddress())
      .send({ token, password: PASSWORD })
      .expect(200);
  };
  const login = (email: string, password: string, ip = nextAddress()) =>
    request(console_.url).post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    webDir = await mkdtemp(join(tmpdir(), 'console-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Console</title><div id="root"></div>');
    await writeFile(join(tmpdir(), 'console-attacks-secret.txt'), 'SECRET OUTSIDE THE BUILD');
    elsewhere = createServer((req, res) => {
      elsewhereHits.push(`${req.method} ${req.url}`);
      res.end('elsewhere');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    subscribers = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    console_ = await bootApp(
      loadConsoleConfig(
        env.env({
          SUBSCRIBERS_URL: subscribers.url,
          TRUST_PROXY: 'loopback',
          CONSOLE_WEB_DIR: webDir,
          CONSOLE_URL: 'https://console.example.org',
        }),
      ),
      ConsoleModule.forRoot,
      mountApiProxy,
    );
    links = new StaffLinks(console_.app.get(DataSource), 'https://console.example.org');
  });
  afterAll(async () => {
    await console_.close();
    await subscribers.close();
    await new Promise((resolve) => elsewhere.close(resolve));
    await env.destroy();
    await rm(webDir, { recursive: true, force: true });
    await rm(join(tmpdir(), 'console-attacks-secret.txt'), { force: true });
  });

  it('checks at most 5 passwords of one account when 15 guesses arrive at once', async () => {
    await join_('pia@example.org');
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, index) => login('pia@example.org', `${WRONG} ${index}`)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    await login('pia@example.org', PASSWORD).expect(429);
  });

  it('does not count successful sign-ins as failures of their address', async () => {
    await join_('ned@example.org');
    const ip = nextAddress();
    for (let attempt = 0; attempt < 4; attempt += 1) await login('ned@example.org', PASSWORD, ip).expect(200);
    for (let attempt = 0; attempt < 4; attempt += 1) await login('ned@example.org', WRONG, ip).expect(401);
    await login('ned@example.org', PASSWORD, ip).expect(200);
  });

  it('locks an IPv6 client by its /64, so fresh addresses from one network do not reset the count', async () => {
    await join_('ivy@example.org');
    for (let host = 1; host <= 5; host += 1) {
      await login(`guess${host}@example.org`, WRONG, `2001:db8:6:1::${host.toString(16)}`).expect(401);
    }
    await login('ivy@example.org', PASSWORD, '2001:db8:6:1:dead:beef:0:1').expect(429);
    await login('ivy@example.org', PASSWORD, '2001:db8:6:2::1').expect(200);
  });

  it('counts an IPv4 client written IPv4-mapped as the same client', async () => {
    await join_('oz@example.org');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const ip = attempt % 2 === 0 ? '198.51.100.44' : '::ffff:198.51.100.44';
      await login(`nobody${attempt}@example.org`, WRONG, ip).expect(401);
    }
    await login('oz@example.org', PASSWORD, '::ffff:198.51.100.44').expect(429);
    await login('oz@example.org', PASSWORD, '198.51.100.44').expect(429);
  });

  it('takes sign-in, invitation and reset forms as JSON only, so a form on another site cannot post them', async () => {
    await join_('flo@example.org');
    const form = await request(console_.url)
      .post('/api/auth/login')
      .set('X-Forwarded-For', nextAddress())
      .type('form')
      .send({ email: 'flo@example.org', password: PASSWORD })
      .expect(415);
    expect(form.headers['set-cookie']).toBeUndefined();
    for (const path of ['invitations/accept', 'password-reset', 'password-reset/complete']) {
      await request(console_.url).post(`/api/auth/${path}`).type('form').send({ token: 'x' }).expect(415);
    }
    await login('flo@example.org', PASSWORD).expect(200);
  });

  it('forwards /api/<app>/ only to that app, however the request line is written', async () => {
    const there = `127.0.0.1:${(elsewhere.address() as { port: number }).port}`;
    for (const line of [
      `GET http://${there}/api/subscribers/health HTTP/1.1`,
      `GET /api/subscribers//${there}/health HTTP/1.1`,
      `GET /api/subscribers/..%2f..%2f${there}/health HTTP/1.1`,
      `GET /api/subscribers/../../api/auth/me HTTP/1.1`,
      `GET /api/subscribers@${there}/health HTTP/1.1`,
    ]) {
      const answer = await rawRequest(console_.url, line);
      expect(answer).not.toContain('elsewhere');
    }
    expect(elsewhereHits).toEqual([]);
  });

  it('never serves a file from outside the built SPA', async () => {
    const depth = webDir.split('/').length;
    const up = (separator: string) => Array.from({ length: depth }, () => '..').join(separator);
    for (const path of [
      `/${up('%2f')}%2ftmp%2fconsole-attacks-secret.txt`,
      `/${up('/').replace(/\.\./g, '%2e%2e')}/tmp/console-attacks-secret.txt`,
      `/assets/${up('%2f')}%2fetc%2fpasswd`,
      `/${up('\\')}\\etc\\passwd`,
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/%00',
    ]) {
      const answer = await rawRequest(console_.url, `GET ${path} HTTP/1.1`);
      expect(answer).not.toMatch(/SECRET OUTSIDE THE BUILD|root:/);
      expect(answer).toMatch(/^HTTP\/1\.1 (200|400|404)/);
    }
  });
});
