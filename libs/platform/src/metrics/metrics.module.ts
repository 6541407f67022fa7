import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HttpMetricsInterceptor } from './http-metrics.interceptor';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';

/** Serves `/metrics`; apps may inject `MetricsRegistry` to register their own metrics. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: MetricsRegistry,
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => new MetricsRegistry(config.APP_NAME),
    },
    { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
  ],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
