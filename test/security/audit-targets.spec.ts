import { AUDIT_TARGET } from '@crm/auth';
import { controllerRoutes } from '@crm/platform';
import { type BootedApp, bootApp, TestEnvironment } from '@crm/testing';
import { DECORATORS } from '@nestjs/swagger';
import { APPS } from './support/apps';

/**
 * Staff writes that change nothing, so their audit row has nothing to name: each one a decision.
 */
const CHANGES_NOTHING = new Set(['subscribers POST /segments/preview', 'mailer POST /campaigns/preview']);

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Type = (new (...args: never[]) => object) | undefined;

/** Whether the DTO a handler documents for its 2xx answer has an `id` (the audit interceptor's fallback). */
function answersId(handler: object): boolean {
  const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) as Record<
    string,
    { type?: Type }
  >;
  return Object.entries(responses).some(([status, response]) => {
    if (!/^2/.test(status) || typeof response.type !== 'function') return false;
    const properties = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, response.type.prototype) ??
      []) as string[];
    return properties.includes(':id');
  });
}

/** Every staff write of an app whose audit row would name no target. */
const untargetedWrites = (app: BootedApp['app'], appName: string): string[] =>
  controllerRoutes(app)
    .filter((route) => !READS.has(route.method) && !route.isPublic)
    .filter(
      (route) =>
        !/\/:id(\/|$)/.test(route.path) &&
        Reflect.getMetadata(AUDIT_TARGET, route.handler) === undefined &&
        !answersId(route.handler),
    )
    .map((route) => `${appName} ${route.method} ${route.path}`)
    .filter((key) => !CHANGES_NOTHING.has(key));

/**
 * Every audit row names what it changed: each staff write route of every app has a target the
 * audit interceptor can read (an `:id` parameter, an `@AuditTarget`, or the `id` of the DTO it
 * documents answering), or is listed above as changing nothing.
 */
describe('audit targets of staff writes', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await TestEnvironment.create();
  });
  afterAll(() => env.destroy());

  it.each(APPS.map((app) => [app.name, app] as const))(
    'every %s staff write names its target',
    async (name, app) => {
      const booted = await bootApp(app.loadConfig(env.env()), app.rootModule);
      try {
        expect(untargetedWrites(booted.app, name)).toEqual([]);
      } finally {
        await booted.close();
      }
    },
  );
});
