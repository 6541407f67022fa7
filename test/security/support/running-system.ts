import { APP_NAMES, type AppName, AppProcess, freePort, type TestEnvironment } from '@crm/testing';
import { buildOnce, compiled } from '../../support/compiled';
import type { FakeProviders } from './provider-env';

export type RunningApps = Record<AppName, AppProcess>;

/**
 * The three apps as real processes built from this tree, against one test environment and the
 * fake providers. Pass `env` overrides (e.g. LOG_LEVEL) that every app gets.
 */
export async function startSystem(
  environment: TestEnvironment,
  providers: FakeProviders,
  overrides: Record<string, string> = {},
): Promise<RunningApps> {
  buildOnce();
  const ports = Object.fromEntries(
    await Promise.all(APP_NAMES.map(async (app) => [app, await freePort()] as const)),
  ) as Record<AppName, number>;
  const env = environment.env({
    ...providers.env(),
    PUBLIC_URL: `http://127.0.0.1:${ports.subscribers}`,
    ...overrides,
  });
  const apps = Object.fromEntries(
    APP_NAMES.map((app) => [app, new AppProcess({ app, distDir: compiled(), port: ports[app], env })]),
  ) as RunningApps;
  await Promise.all(APP_NAMES.map((app) => apps[app].start()));
  return apps;
}

export async function stopSystem(apps: RunningApps | undefined): Promise<void> {
  if (apps) await Promise.all(APP_NAMES.map((app) => apps[app].stop()));
}
