import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG } from './config.tokens';
import type { PlatformConfig } from './platform-config';

/** Makes the app's validated configuration injectable everywhere as `APP_CONFIG`. */
@Global()
@Module({})
export class AppConfigModule {
  static register(config: PlatformConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
