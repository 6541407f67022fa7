import { StaffAuthModule } from '@crm/auth';
import { AppConfigModule, type PlatformConfig } from '@crm/config';
import { DatabaseModule } from '@crm/database';
import { QueuesModule } from '@crm/queues';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { RefuseNulPipe } from './errors/refuse-nul.pipe';
import { apiValidationPipe } from './errors/validation.pipe';
import { HealthModule } from './health/health.module';
import { EVERY_ROUTE } from './http/every-route';
import { ReadableBodyMiddleware } from './http/readable-body.middleware';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';

/**
 * What every app stands on: validated config, logs, PostgreSQL, BullMQ, staff auth and audit,
 * health, metrics, validation and the common error shape.
 */
@Module({})
export class PlatformModule implements NestModule {
  static forApp(config: PlatformConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        AppConfigModule.register(config),
        LoggingModule,
        DatabaseModule,
        QueuesModule.forRoot(),
        StaffAuthModule,
        HealthModule,
        MetricsModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: RefuseNulPipe },
        { provide: APP_PIPE, useFactory: apiValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ReadableBodyMiddleware).forRoutes(EVERY_ROUTE);
  }
}
