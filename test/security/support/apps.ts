import type { PlatformConfig } from '@crm/config';
import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConsoleModule } from '../../../apps/console/src/console.module';
import { loadConsoleConfig } from '../../../apps/console/src/config/console.config';
import { mountApiProxy } from '../../../apps/console/src/proxy/api-proxy';
import { loadDonationsConfig } from '../../../apps/donations/src/config/donations.config';
import { DonationsModule } from '../../../apps/donations/src/donations.module';
import { loadMailerConfig } from '../../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../../apps/mailer/src/mailer.module';
import { loadSubscribersConfig } from '../../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../../apps/subscribers/src/subscribers.module';

/** One of the apps, as `bootApp` takes it. */
export interface AppUnderTest<C extends PlatformConfig = PlatformConfig> {
  name: 'donations' | 'subscribers' | 'mailer' | 'console';
  loadConfig(env: NodeJS.ProcessEnv): C;
  rootModule(config: C): DynamicModule;
  /** Runs before the shared HTTP settings (the console's proxy). */
  prepare?(app: NestExpressApplication, config: C): void;
}

const app = <C extends PlatformConfig>(definition: AppUnderTest<C>): AppUnderTest =>
  definition as unknown as AppUnderTest;

export const APPS: readonly AppUnderTest[] = [
  app({ name: 'donations', loadConfig: loadDonationsConfig, rootModule: DonationsModule.forRoot }),
  app({ name: 'subscribers', loadConfig: loadSubscribersConfig, rootModule: SubscribersModule.forRoot }),
  app({ name: 'mailer', loadConfig: loadMailerConfig, rootModule: MailerModule.forRoot }),
];

/** The staff console, in front of the three apps (kept out of APPS: it has no public forms or webhooks). */
export const CONSOLE_APP: AppUnderTest = app({
  name: 'console',
  loadConfig: loadConsoleConfig,
  rootModule: ConsoleModule.forRoot,
  prepare: mountApiProxy,
});
