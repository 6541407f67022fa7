import { type BootedApp, bootApp, TestEnvironment } from '@crm/testing';
import { APPS } from './support/apps';
import { FakeProviders } from './support/provider-env';

const subscribers = APPS.find((app) => app.name === 'subscribers')!;
const TRUSTED_ORIGIN = 'https://crm.example.org';

describe('HTTP hardening', () => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  let closed: BootedApp;
  let open: BootedApp;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    closed = await bootApp(subscribers.loadConfig(env.env(providers.env())), subscribers.rootModule);
    open = await bootApp(
      subscribers.loadConfig(env.env({ ...providers.env(), CORS_ORIGINS: TRUSTED_ORIGIN })),
      subscribers.rootModule,
    );
  });
  afterAll(async () => {
    await closed?.close();
    await open?.close();
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

  it('refuses a JSON body over 1 MB and a form body over 64 kB with 413 in the common error shape', async () => {
    const oversized = [
      ['application/json', JSON.stringify({ padding: 'x'.repeat(1024 * 1024) })],
      ['application/x-www-form-urlencoded', `padding=${'x'.repeat(65 * 1024)}`],
    ];
    for (const [contentType, body] of oversized) {
      const response = await fetch(`${closed.url}/subscribe`, {
        method: 'POST',
        headers: { 'Content-Type': contentType! },
        body,
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
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
});
