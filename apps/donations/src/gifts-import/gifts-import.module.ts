import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { donationImportsQueue, QueuesModule } from '@crm/queues';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { OfflineGiftsModule } from '../offline-gifts/offline-gifts.module';
import { GiftsImportController } from './gifts-import.controller';
import { GiftsImportProcessor } from './gifts-import.processor';
import { GiftsImportService } from './gifts-import.service';

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const UPLOAD_DIR = join(tmpdir(), 'crm-gift-imports');

@Module({
  imports: [
    OfflineGiftsModule,
    QueuesModule.forQueues(donationImportsQueue),
    // Uploads stream straight to disk; the import job streams them back. Never buffered in memory.
    MulterModule.register({
      storage: diskStorage({
        destination: UPLOAD_DIR,
        filename: (_request, _file, done) => done(null, `${randomUUID()}.csv`),
      }),
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024 },
    }),
  ],
  controllers: [GiftsImportController],
  providers: [GiftsImportService, GiftsImportProcessor],
})
export class GiftsImportModule {}
