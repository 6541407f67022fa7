import { ConfigError, type PlatformConfig } from '@crm/config';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureApp } from './configure-app';

const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * Boots an app: validates config first (exiting non-zero with the bad variables named), then
 * serves HTTP. On SIGTERM/SIGINT it stops accepting requests, lets active jobs finish or return to
 * their queue, closes connections, and exits within 10 s.
 */
export async function bootstrap<C extends PlatformConfig>(
  loadConfig: () => C,
  rootModule: (config: C) => DynamicModule,
  /** Runs before the shared HTTP settings: the console mounts its proxy ahead of the body parsers. */
  prepare?: (app: NestExpressApplication, config: C) => void,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const app = await NestFactory.create<NestExpressApplication>(rootModule(config), {
    rawBody: true,
    bufferLogs: true,
    bodyParser: true,
  });
  prepare?.(app, config);
  configureApp(app, config);
  await app.listen(config.PORT);

  const shutdown = (): void => {
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
