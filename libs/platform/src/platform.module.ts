import { StaffAuthModule } from '@crm/auth';
import { AppConfigModule, type PlatformConfig } from '@crm/config';
import { DatabaseModule } from '@crm/database';
import { QueuesModule } from '@crm/queues';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { RequestShapePipe } from './errors/request-shape.pipe';
import { apiValidationPipe } from './errors/validation.pipe';
import { HealthModule } from './health/health.module';
import { ReadableBodyInterceptor } from './http/readable-body.interceptor';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';

/**
 * What every app stands on: validated config, logs, PostgreSQL, BullMQ, staff auth and audit,
 * health, metrics, validation and the common error shape.
 */
@Module({})
export class PlatformModule {
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
        { provide: APP_PIPE, useClass: RequestShapePipe },
        { provide: APP_PIPE, useFactory: apiValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: ReadableBodyInterceptor },
      ],
    };
  }
}
