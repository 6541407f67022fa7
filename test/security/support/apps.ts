import type { PlatformConfig } from '@crm/config';
import type { DynamicModule } from '@nestjs/common';
import { loadDonationsConfig } from '../../../apps/donations/src/config/donations.config';
import { DonationsModule } from '../../../apps/donations/src/donations.module';
import { loadMailerConfig } from '../../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../../apps/mailer/src/mailer.module';
import { loadSubscribersConfig } from '../../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../../apps/subscribers/src/subscribers.module';

/** One of the three apps, as `bootApp` takes it. */
export interface AppUnderTest<C extends PlatformConfig = PlatformConfig> {
  name: 'donations' | 'subscribers' | 'mailer';
  loadConfig(env: NodeJS.ProcessEnv): C;
  rootModule(config: C): DynamicModule;
}

const app = <C extends PlatformConfig>(definition: AppUnderTest<C>): AppUnderTest =>
  definition as unknown as AppUnderTest;

export const APPS: readonly AppUnderTest[] = [
  app({ name: 'donations', loadConfig: loadDonationsConfig, rootModule: DonationsModule.forRoot }),
  app({ name: 'subscribers', loadConfig: loadSubscribersConfig, rootModule: SubscribersModule.forRoot }),
  app({ name: 'mailer', loadConfig: loadMailerConfig, rootModule: MailerModule.forRoot }),
];
