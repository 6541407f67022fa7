import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DonationsEventsProcessor } from '../stripe-events/donations-events.processor';
import { InjectProcessingDatabase } from './processing-database';

/** Closes the processing pool with the app, once the worker has let its active jobs finish. */
@Injectable()
export class ProcessingDatabaseCloser implements OnApplicationShutdown {
  constructor(
    @InjectProcessingDatabase() private readonly dataSource: DataSource,
    private readonly processor: DonationsEventsProcessor,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.processor.worker.close();
    await this.dataSource.destroy();
  }
}
