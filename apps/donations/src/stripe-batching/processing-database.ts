import { APP_CONFIG } from '@crm/config';
import { dataSourceOptions } from '@crm/database';
import { Inject, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DonationsConfig } from '../config/donations.config';

const PROCESSING_DATA_SOURCE = Symbol('PROCESSING_DATA_SOURCE');
export const InjectProcessingDatabase = (): ParameterDecorator => Inject(PROCESSING_DATA_SOURCE);

/**
 * A pool of its own for processing Stripe events, so a burst of processing never makes the webhook
 * wait for a connection. Its commits do not wait for the disk (`synchronous_commit=off`): all of its
 * work can be redone from the inbox, whose insert is committed synchronously by the webhook, and
 * the InboxSweeper re-queues anything a database crash would lose.
 */
export const processingDatabaseProvider: Provider = {
  provide: PROCESSING_DATA_SOURCE,
  inject: [APP_CONFIG],
  useFactory: async (config: DonationsConfig): Promise<DataSource> => {
    const options = dataSourceOptions({
      url: config.DATABASE_URL,
      poolSize: config.STRIPE_PROCESSING_TRANSACTIONS,
      applicationName: 'donations-processing',
      sessionSettings: { synchronous_commit: 'off' },
    });
    return new DataSource(options).initialize();
  },
};
