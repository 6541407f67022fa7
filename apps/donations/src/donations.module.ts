import { PlatformModule } from '@crm/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { DonationsConfig } from './config/donations.config';

/** The donations app: platform plus its feature modules. */
@Module({})
export class DonationsModule {
  static forRoot(config: DonationsConfig): DynamicModule {
    return {
      module: DonationsModule,
      imports: [PlatformModule.forApp(config)],
    };
  }
}
