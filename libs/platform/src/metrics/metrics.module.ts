import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
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
    // Express 5 wildcard for every path, like the request logger.
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
