import { randomUUID } from 'node:crypto';
import { type BootedApp, bootApp, deleteQueueKeys, staffBearer, TestEnvironment } from '@crm/testing';
import { DataSource } from 'typeorm';
import { APPS } from './support/apps';
import { FakeProviders } from './support/provider-env';

const subscribers = APPS.find((app) => app.name === 'subscribers')!;
const donations = APPS.find((app) => app.name === 'donations')!;
const TRUSTED_ORIGIN = 'https://crm.example.org';
const JSON_TYPE = { 'Content-Type': 'application/json' };
/** Far above a refusal's few milliseconds, far below the seconds a hostile body used to take. */
const FAST_MS = 500;

/** `{"key_0":0,"key_1":0,…}`: 60,000 fields is about 770 kB, the body that froze an app for 3.5 s. */
const manyFields = (count: number): string =>
  `{${Array.from({ length: count }, (_, index) => `"key_${index}":0`).join(',')}}`;
/** `{"a":{"a":…}}` nested `levels` deep. */
const nested = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

interface Timed {
  status: number;
  text: string;
  ms: number;
}

const timed = async (url: string, init: RequestInit): Promise<Timed> => {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
};

describe('HTTP hardening', () => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  let closed: BootedApp;
  let open: BootedApp;
  let gifts: BootedApp;
  let admin: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    closed = await bootApp(subscribers.loadConfig(env.env(providers.env())), subscribers.rootModule);
    gifts = await bootApp(donations.loadConfig(env.env(providers.env())), donations.rootModule);
    admin = await staffBearer(closed.app.get(DataSource), 'admin');
    open = await bootApp(
      subscribers.loadConfig(env.env({ ...providers.env(), CORS_ORIGINS: TRUSTED_ORIGIN })),
      subscribers.rootModule,
    );
  });
  afterAll(async () => {
    await closed?.close();
    await open?.close();
    await gifts?.close();
    await providers?.stop();
    await env?.destroy();
  });

  it('sends the security headers and does not name the framework', async () => {
    const response = await fetch(`${closed.url}/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('allows no cross-origin caller unless CORS_ORIGINS names it', async () => {
    const preflight = (url: string, origin: string): Promise<Response> =>
      fetch(`${url}/subscribe`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
    expect(
      (await preflight(closed.url, TRUSTED_ORIGIN)).headers.get('access-control-allow-origin'),
    ).toBeNull();
    expect((await preflight(open.url, TRUSTED_ORIGIN)).headers.get('access-control-allow-origin')).toBe(
      TRUSTED_ORIGIN,
    );
    expect(
      (await preflight(open.url, 'https://evil.example.net')).headers.get('access-control-allow-origin'),
    ).toBe(null);
  });

  it('refuses a JSON body over 1 MB and a form body over 64 kB to a staff route with 413 in the common error shape', async () => {
    const oversized = [
      ['application/json', JSON.stringify({ padding: 'x'.repeat(1024 * 1024) })],
      ['application/x-www-form-urlencoded', `padding=${'x'.repeat(65 * 1024)}`],
    ];
    for (const [contentType, body] of oversized) {
      const response = await fetch(`${closed.url}/supporters/${randomUUID()}`, {
        method: 'PATCH',
        headers: { 'Content-Type': contentType! },
        body,
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    }
  });

  it('refuses a JSON or form body over 16 kB to a public route with 413', async () => {
    const oversized = [
      ['application/json', JSON.stringify({ email: 'ada@example.org', padding: 'x'.repeat(16 * 1024) })],
      ['application/x-www-form-urlencoded', `email=ada%40example.org&padding=${'x'.repeat(16 * 1024)}`],
    ];
    for (const [contentType, body] of oversized) {
      const response = await fetch(`${closed.url}/subscribe`, {
        method: 'POST',
        headers: { 'Content-Type': contentType! },
        body,
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        statusCode: 413,
        message: expect.stringContaining('16384 bytes'),
      });
    }
  });

  it.each(['gzip', 'deflate', 'br'])(
    'answers 400, not 500, to a body that is not the %s it claims to be',
    async (encoding) => {
      const response = await fetch(`${closed.url}/subscribe`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
        body: '{"email":"ada@example.org"}',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        statusCode: 400,
        message: expect.stringContaining('Content-Encoding'),
      });
    },
  );

  it('accepts a JSON body just under the limit as far as the body parser is concerned', async () => {
    const response = await fetch(`${closed.url}/no-such-route`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(1000 * 1000) }),
    });
    expect(response.status).toBe(404);
  });

  describe('hostile body shapes', () => {
    const publicRoutes = (): [string, string][] => [
      ['POST /checkout', `${gifts.url}/checkout`],
      ['POST /donor/recurring', `${gifts.url}/donor/recurring`],
      ['POST /subscribe', `${closed.url}/subscribe`],
    ];

    it('refuses 60,000 fields to each public JSON route in milliseconds, with a short answer', async () => {
      const body = manyFields(60_000);
      expect(body.length).toBeGreaterThan(700_000);
      for (const [name, url] of publicRoutes()) {
        const answer = await timed(url, { method: 'POST', headers: JSON_TYPE, body });
        expect({ name, status: answer.status }).toEqual({ name, status: 413 });
        expect(answer.ms).toBeLessThan(FAST_MS);
        expect(answer.text.length).toBeLessThan(1_000);
      }
    });

    it('refuses an object with more fields than any real request before validating it', async () => {
      const answer = await timed(`${closed.url}/subscribe`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: manyFields(1_000),
      });
      expect(answer.status).toBe(400);
      expect(answer.ms).toBeLessThan(FAST_MS);
      expect(JSON.parse(answer.text)).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'invalid_fields',
        message: 'body: has 1000 fields; at most 100 are accepted',
        details: [{ field: 'body', messages: ['has 1000 fields; at most 100 are accepted'] }],
      });
    });

    it('refuses 60,000 fields to a staff route as quickly once the token is accepted', async () => {
      const answer = await timed(`${closed.url}/supporters/${randomUUID()}`, {
        method: 'PATCH',
        headers: { ...JSON_TYPE, Authorization: admin },
        body: manyFields(60_000),
      });
      expect(answer.status).toBe(400);
      expect(answer.ms).toBeLessThan(FAST_MS);
      expect(JSON.parse(answer.text)).toMatchObject({
        message: 'body: has 60000 fields; at most 100 are accepted',
      });
    });

    it('lists at most 20 problems in an error body and says how many more there were', async () => {
      const unknown = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`extra${index}`, 1]));
      const response = await fetch(`${closed.url}/subscribe`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ email: 'ada@example.org', consentText: 'Yes please', ...unknown }),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { message: string; details: { field: string }[] };
      expect(body.details).toHaveLength(20);
      expect(body.details[0]).toEqual({ field: 'extra0', messages: ['property extra0 should not exist'] });
      expect(body.message).toMatch(/; and 40 more problems not listed$/);
    });

    it('answers 2,000 levels of nesting with 400 naming the limit, on public and staff routes', async () => {
      const deep = nested(2_000);
      expect(deep.length).toBeLessThan(16 * 1024);
      const answers = [
        await timed(`${closed.url}/subscribe`, { method: 'POST', headers: JSON_TYPE, body: deep }),
        await timed(`${closed.url}/supporters/${randomUUID()}`, {
          method: 'PATCH',
          headers: { ...JSON_TYPE, Authorization: admin },
          body: `{"tags":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
        }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.ms).toBeLessThan(FAST_MS);
        expect(JSON.parse(answer.text)).toMatchObject({
          message: expect.stringContaining('nests more than 32 levels deep'),
        });
      }
    });

    it('draws the line at 32 levels: 32 reach validation, 33 do not', async () => {
      const messageFor = async (levels: number): Promise<string> => {
        const response = await fetch(`${closed.url}/subscribe`, {
          method: 'POST',
          headers: JSON_TYPE,
          body: nested(levels),
        });
        expect(response.status).toBe(400);
        return ((await response.json()) as { message: string }).message;
      };
      expect(await messageFor(32)).not.toContain('levels deep');
      expect(await messageFor(33)).toContain('nests more than 32 levels deep');
    });

    it('lets the signed webhooks and staff routes take bodies over 16 kB', async () => {
      const large = JSON.stringify({ id: 'evt_large', padding: 'x'.repeat(200 * 1024) });
      const webhook = await fetch(`${gifts.url}/webhooks/stripe`, {
        method: 'POST',
        headers: {
          ...JSON_TYPE,
          'Stripe-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
        },
        body: large,
      });
      expect(webhook.status).toBe(400);
      expect(JSON.stringify(await webhook.json())).not.toContain('too large');
      const staff = await fetch(`${closed.url}/supporters/${randomUUID()}`, {
        method: 'PATCH',
        headers: { ...JSON_TYPE, Authorization: admin },
        body: JSON.stringify({ firstName: 'Ada', notes: 'x'.repeat(200 * 1024) }),
      });
      expect(staff.status).not.toBe(413);
    });

    it('keeps /health answering 200 during a burst of hostile bodies', async () => {
      const body = manyFields(60_000);
      const started = performance.now();
      const burst = Array.from({ length: 8 }, () =>
        timed(`${gifts.url}/checkout`, { method: 'POST', headers: JSON_TYPE, body }),
      );
      const health = Array.from({ length: 4 }, () => timed(`${gifts.url}/health`, { method: 'GET' }));
      const [hostile, healthy] = await Promise.all([Promise.all(burst), Promise.all(health)]);
      expect(hostile.map((answer) => answer.status)).toEqual(Array(8).fill(413));
      expect(healthy.map((answer) => answer.status)).toEqual(Array(4).fill(200));
      expect(performance.now() - started).toBeLessThan(2_000);
    });
  });

  describe('client address behind proxies (TRUST_PROXY)', () => {
    let untrusting: BootedApp;
    let trusting: BootedApp;
    const limited = (extra: Record<string, string> = {}) =>
      subscribers.loadConfig(env.env({ ...providers.env(), SUBSCRIBE_IP_LIMIT: '2', ...extra }));

    // Limits are counted in Redis under the queue prefix: each app gets its own, so the sign-ups
    // the other suites made from 127.0.0.1 do not count here.
    let prefixes: string[] = [];
    beforeAll(async () => {
      prefixes = ['untrusting', 'trusting'].map((name) => `${env.queuePrefix}-${name}`);
      untrusting = await bootApp(limited({ QUEUE_PREFIX: prefixes[0]! }), subscribers.rootModule);
      trusting = await bootApp(
        limited({ TRUST_PROXY: '1', QUEUE_PREFIX: prefixes[1]! }),
        subscribers.rootModule,
      );
    });
    afterAll(async () => {
      await untrusting?.close();
      await trusting?.close();
      for (const prefix of prefixes) await deleteQueueKeys(prefix);
    });

    const signUp = (app: BootedApp, email: string, forwardedFor: string): Promise<Response> =>
      fetch(`${app.url}/subscribe`, {
        method: 'POST',
        headers: { ...JSON_TYPE, 'X-Forwarded-For': forwardedFor },
        body: JSON.stringify({ email, consentText: 'Send me the newsletter' }),
      });
    const ledgerIp = async (email: string): Promise<string | null> => {
      const rows = (await closed.app
        .get(DataSource)
        .query(
          `SELECT c.ip FROM consent_events c JOIN supporters s ON s.id = c.supporter_id WHERE s.email = $1`,
          [email],
        )) as { ip: string | null }[];
      expect(rows).toHaveLength(1);
      return rows[0]!.ip;
    };

    it('unset, ignores X-Forwarded-For: rotating it does not escape the sign-up limit per IP', async () => {
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const response = await signUp(untrusting, `rotate${attempt}@example.org`, `203.0.113.${attempt}`);
        statuses.push(response.status);
      }
      expect(statuses).toEqual([202, 202, 429]);
      expect(await ledgerIp('rotate1@example.org')).toBe('127.0.0.1');
    });

    it('set to 1, takes the client address the one proxy in front forwarded', async () => {
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const response = await signUp(trusting, `proxied${attempt}@example.org`, `198.51.100.${attempt}`);
        statuses.push(response.status);
      }
      expect(statuses).toEqual([202, 202, 202]);
      expect(await ledgerIp('proxied1@example.org')).toBe('198.51.100.1');
    });

    // @nestjs/throttler counts IPv6 clients by subnet, so one network cannot rotate addresses.
    it('counts an IPv6 client by its subnet, so fresh addresses from one network share the sign-up limit', async () => {
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const response = await signUp(
          trusting,
          `six${attempt}@example.org`,
          `2001:db8:5:7::${attempt.toString(16)}`,
        );
        statuses.push(response.status);
      }
      expect(statuses).toEqual([202, 202, 429]);
      expect(await ledgerIp('six1@example.org')).toBe('2001:db8:5:7::1');
    });
  });
});
