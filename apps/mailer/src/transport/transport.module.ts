import { APP_CONFIG } from '@crm/config';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport';
import { OutboxTransport } from './outbox.transport';
import { SendGridTransport } from './sendgrid.transport';

/** Provides the one transport this process uses, chosen by whether `SENDGRID_API_KEY` is set. */
@Module({
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: MailerConfig, dataSource: DataSource): MailTransport =>
        config.SENDGRID_API_KEY
          ? new SendGridTransport({
              apiKey: config.SENDGRID_API_KEY,
              apiUrl: config.SENDGRID_API_URL,
              timeoutMs: config.SENDGRID_TIMEOUT_MS,
              trackingAllowed: config.MAIL_TRACKING,
              bulkSendsAtOnce: config.MAIL_DISPATCH_CONCURRENCY,
            })
          : new OutboxTransport(dataSource),
    },
  ],
  exports: [MAIL_TRANSPORT],
})
export class TransportModule {}
