import { configureApp } from '@crm/platform';
import type { PlatformConfig } from '@crm/config';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

export interface BootedApp {
  app: NestExpressApplication;
  /** Base URL of the listening app, for supertest or fetch. */
  url: string;
  close(): Promise<void>;
}

/** Boots a whole app exactly as `main.ts` does, listening on a free port. */
export async function bootApp<C extends PlatformConfig>(
  config: C,
  rootModule: (config: C) => DynamicModule,
  /** As `bootstrap`'s: runs before the shared HTTP settings (the console's proxy). */
  prepare?: (app: NestExpressApplication, config: C) => void,
): Promise<BootedApp> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule(config), {
    rawBody: true,
    bufferLogs: true,
    abortOnError: false,
  });
  prepare?.(app, config);
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
