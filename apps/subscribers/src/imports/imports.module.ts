import { APP_CONFIG } from '@crm/config';
import { QueuesModule, subscriberImportsQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { diskStorage } from 'multer';
import type { SubscribersConfig } from '../config/subscribers.config';
import { ImportsController } from './imports.controller';
import { ImportsProcessor } from './imports.processor';
import { ImportsService } from './imports.service';

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

@Module({
  imports: [
    QueuesModule.forQueues(subscriberImportsQueue),
    // Uploads stream straight to disk; the import job streams them back. Never buffered in memory.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: SubscribersConfig) => ({
        storage: diskStorage({
          destination: config.IMPORT_DIR,
          filename: (_request, _file, done) => done(null, `${randomUUID()}.csv`),
        }),
        limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024 },
      }),
    }),
  ],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsProcessor],
})
export class ImportsModule {}
