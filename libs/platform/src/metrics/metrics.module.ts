import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { EVERY_ROUTE } from '../http/every-route';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
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
  ],
  exports: [MetricsRegistry],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes(EVERY_ROUTE);
  }
}
