import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';

/** Connects the app to PostgreSQL through TypeORM with the shared options. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => ({
        ...dataSourceOptions({ url: config.DATABASE_URL, applicationName: config.APP_NAME }),
        retryAttempts: 1,
      }),
    }),
  ],
})
export class DatabaseModule {}
