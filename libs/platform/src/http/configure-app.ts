import type { PlatformConfig } from '@crm/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { setUpDocs } from '../docs';
import { useBodyParsers } from './body-limits';

/** HTTP settings shared by `main.ts` and the end-to-end tests, so both run the same app. */
export function configureApp(app: NestExpressApplication, config: PlatformConfig): void {
  app.useLogger(app.get(Logger));
  app.use(helmet());
  const origins = config.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins });
  useBodyParsers(app);
  // Client IPs key the rate limits and are consent evidence: X-Forwarded-For counts only from the
  // proxies TRUST_PROXY names (none by default), or anyone could choose their own address.
  app.set('trust proxy', config.TRUST_PROXY);
  setUpDocs(app, config.APP_NAME);
}
