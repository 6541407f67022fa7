import type { PlatformConfig } from '@crm/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { setUpDocs } from '../docs';

/** HTTP settings shared by `main.ts` and the end-to-end tests, so both run the same app. */
export function configureApp(app: NestExpressApplication, config: PlatformConfig): void {
  app.useLogger(app.get(Logger));
  app.use(helmet());
  const origins = config.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins });
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false });
  app.set('trust proxy', 'loopback');
  setUpDocs(app, config.APP_NAME);
}
