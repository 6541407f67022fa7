import { randomUUID } from 'node:crypto';
import { roleAllows, StaffTokens } from '@crm/auth';
import { STAFF_ROLES, type StaffRole } from '@crm/entities';
import {
  type BootedApp,
  bootApp,
  staffBearer,
  staffSession,
  TestEnvironment,
  type TestStaffSession,
} from '@crm/testing';
import { DataSource } from 'typeorm';
import { APPS, CONSOLE_APP } from './support/apps';
import { FakeProviders } from './support/provider-env';
import { concretePath, type NestRoute, nestRoutes, servedRoutes } from './support/route-table';

/**
 * The explicit decision for every route that answers without a staff token (DESIGN §3). Any other
 * route must refuse a missing, unknown or revoked token (401) and a role without its permission (403).
 */
const PUBLIC_ROUTES: Record<string, readonly string[]> = {
  donations: [
    'POST /checkout',
    'POST /webhooks/stripe',
    'GET /donor/recurring',
    'POST /donor/recurring',
    'GET /donate',
    'POST /donate',
    'GET /donate/thanks',
  ],
  subscribers: [
    'GET /subscribe',
    'POST /subscribe',
    'OPTIONS /subscribe',
    'GET /subscribe/check-email',
    'GET /subscribe/confirm',
    'POST /subscribe/confirm',
    'GET /unsubscribe',
    'POST /unsubscribe',
    'GET /preferences',
    'POST /preferences',
  ],
  mailer: ['POST /webhooks/sendgrid'],
  // Signing in needs no session; me, logout and the TOTP setup find the session themselves (a 401
  // without one), so that a person who must still set up a second factor can reach that and nothing else.
  console: [
    'POST /api/auth/login',
    'POST /api/auth/logout',
    'GET /api/auth/me',
    'POST /api/auth/invitations/accept',
    'POST /api/auth/password-reset',
    'POST /api/auth/password-reset/complete',
    'POST /api/auth/totp/setup',
    'POST /api/auth/totp/enable',
  ],
};
/** No staff token; `/metrics` is guarded by METRICS_TOKEN instead (test/platform/health.spec.ts). */
const PUBLIC_ON_EVERY_APP = ['GET /health', 'GET /metrics'];
/** The OpenAPI UI and document are mounted by @nestjs/swagger straight on Express, outside Nest's router. */
const DOCS_PATH = /^\/docs(-json|-yaml)?(\/.*)?$/;
/** Nest mounts app-wide middleware (request logging) as an every-method catch-all that only calls next(). */
const MIDDLEWARE_CATCH_ALL = '{/*splat}';

async function refusals(url: string, route: NestRoute, bearers: Record<string, string>): Promise<string[]> {
  const target = `${url}${concretePath(route.path, randomUUID())}`;
  const status = async (authorization?: string): Promise<number> =>
    (
      await fetch(target, {
        method: route.method,
        headers: authorization ? { Authorization: authorization } : {},
      })
    ).status;
  const expectations: [string, string | undefined, number][] = [
    ['no token', undefined, 401],
    ['unknown token', 'Bearer crm_not-a-real-token', 401],
    ['revoked admin token', bearers.revoked, 401],
    ...STAFF_ROLES.filter((role) => !allows(role, route)).map((role): [string, string, number] => [
      `${role} token`,
      bearers[role]!,
      403,
    ]),
  ];
  const problems: string[] = [];
  for (const [who, authorization, expected] of expectations) {
    const got = await status(authorization);
    if (got !== expected) problems.push(`${route.key}: ${who} got ${got}, expected ${expected}`);
  }
  return problems;
}

/** A staff route without a permission is admin-only (the guard's rule). */
const allows = (role: StaffRole, route: NestRoute): boolean =>
  route.permission ? roleAllows(role, route.permission) : role === 'admin';

describe.each([...APPS, CONSOLE_APP])('route inventory of the $name app', (app) => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  let booted: BootedApp;
  let routes: NestRoute[];
  const bearers: Record<string, string> = {};
  const allowList = new Set([...PUBLIC_ON_EVERY_APP, ...PUBLIC_ROUTES[app.name]!]);

  beforeAll(async () => {
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    booted = await bootApp(app.loadConfig(env.env(providers.env())), app.rootModule, app.prepare);
    routes = nestRoutes(booted.app);
    const dataSource = booted.app.get(DataSource);
    for (const role of STAFF_ROLES) bearers[role] = await staffBearer(dataSource, role);
    bearers.revoked = await staffBearer(dataSource, 'admin', 'revoked-admin');
    await new StaffTokens(dataSource).revoke('revoked-admin');
  });
  afterAll(async () => {
    await booted?.close();
    await providers?.stop();
    await env?.destroy();
  });

  it('serves every route on its allow-list, so no stale entry can hide a future route', () => {
    expect(routes.map((route) => route.key)).toEqual(expect.arrayContaining([...allowList]));
  });

  it('marks public exactly the routes on the allow-list', () => {
    const undecided = routes
      .filter((route) => route.isPublic !== allowList.has(route.key))
      .map(
        (route) =>
          `${route.key} is ${route.isPublic ? 'public but not allow-listed' : 'allow-listed but not public'}`,
      );
    expect(undecided).toEqual([]);
  });

  it('serves nothing outside Nest except the OpenAPI docs', () => {
    const nestKeys = new Set(routes.map((route) => route.key));
    const foreign = servedRoutes(booted.app)
      .filter((route) => route.path !== MIDDLEWARE_CATCH_ALL)
      .filter((route) => !nestKeys.has(route.key) && !DOCS_PATH.test(route.path))
      .map((route) => route.key);
    expect(foreign).toEqual([]);
  });

  it('documents in /docs-json the status each route answers when it succeeds', async () => {
    const document = (await (await fetch(`${booted.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    const undocumented = routes
      .filter((route) => !PUBLIC_ON_EVERY_APP.includes(route.key))
      .filter((route) => {
        // `:id` and a named wildcard (`*path`) are both `{name}` in OpenAPI.
        const openApiPath = route.path.replace(/[:*]([A-Za-z0-9_]+)/g, '{$1}');
        const responses = document.paths[openApiPath]?.[route.method.toLowerCase()]?.responses ?? {};
        return !(String(route.successStatus) in responses);
      })
      .map((route) => `${route.key} answers ${route.successStatus}`);
    expect(undocumented).toEqual([]);
  });

  it('makes every other route refuse a missing, unknown or revoked token (401) and a role without its permission (403)', async () => {
    const staffRoutes = routes.filter((route) => !allowList.has(route.key));
    expect(staffRoutes.length).toBeGreaterThan(0);
    const problems = (
      await Promise.all(staffRoutes.map((route) => refusals(booted.url, route, bearers)))
    ).flat();
    expect(problems).toEqual([]);
  });
});

/**
 * The console's `/api/<app>/*` proxy passes every request to the app behind it, whose guard judges
 * it: every staff route of every app, reached through the console, refuses a request with no
 * credentials (401) and a write made with a session but without its CSRF token (403).
 */
describe('routes proxied by the console', () => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  const booted: Partial<Record<string, BootedApp>> = {};
  let consoleUrl: string;
  let admin: TestStaffSession;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    const upstreams: Record<string, string> = {};
    for (const app of APPS) {
      booted[app.name] = await bootApp(app.loadConfig(env.env(providers.env())), app.rootModule);
      upstreams[`${app.name.toUpperCase()}_URL`] = booted[app.name]!.url;
    }
    const console_ = await bootApp(
      CONSOLE_APP.loadConfig(env.env({ ...providers.env(), ...upstreams })),
      CONSOLE_APP.rootModule,
      CONSOLE_APP.prepare,
    );
    booted.console = console_;
    consoleUrl = console_.url;
    admin = await staffSession(console_.app.get(DataSource), 'admin');
  });
  afterAll(async () => {
    await Promise.all(Object.values(booted).map((app) => app?.close()));
    await providers?.stop();
    await env?.destroy();
  });

  it.each(APPS.map((app) => [app.name]))(
    'refuses %s staff routes through the proxy without a session or CSRF token',
    async (name) => {
      const allowList = new Set([...PUBLIC_ON_EVERY_APP, ...PUBLIC_ROUTES[name]!]);
      const staffRoutes = nestRoutes(booted[name]!.app).filter((route) => !allowList.has(route.key));
      expect(staffRoutes.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const route of staffRoutes) {
        const target = `${consoleUrl}/api/${name}${concretePath(route.path, randomUUID())}`;
        const anonymous = (await fetch(target, { method: route.method })).status;
        if (anonymous !== 401) problems.push(`${route.key}: no session got ${anonymous}, expected 401`);
        if (route.method === 'GET') continue;
        const withoutCsrf = (await fetch(target, { method: route.method, headers: { Cookie: admin.cookie } }))
          .status;
        if (withoutCsrf !== 403)
          problems.push(`${route.key}: session without CSRF got ${withoutCsrf}, expected 403`);
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(APPS.map((app) => [app.name]))(
    'passes %s public routes through: /health answers 200',
    async (name) => {
      expect((await fetch(`${consoleUrl}/api/${name}/health`)).status).toBe(200);
    },
  );

  it("answers the console's own session routes with 401 without a session", async () => {
    expect((await fetch(`${consoleUrl}/api/auth/me`)).status).toBe(401);
    expect((await fetch(`${consoleUrl}/api/auth/totp/setup`, { method: 'POST' })).status).toBe(401);
  });
});
