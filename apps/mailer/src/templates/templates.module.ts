import { APP_CONFIG } from '@crm/config';
import { Module } from '@nestjs/common';
import type { MailerConfig } from '../config/mailer.config';
import { TransactionalRenderer } from './transactional-renderer';

export const ORGANISATION = Symbol('ORGANISATION');

/** Compiled templates and the organisation printed in every footer. */
@Module({
  providers: [
    {
      provide: ORGANISATION,
      inject: [APP_CONFIG],
      useFactory: (config: MailerConfig) => ({ name: config.ORG_NAME, address: config.ORG_ADDRESS }),
    },
    {
      provide: TransactionalRenderer,
      inject: [ORGANISATION],
      useFactory: (org: { name: string; address: string }) => new TransactionalRenderer(org),
    },
  ],
  exports: [ORGANISATION, TransactionalRenderer],
})
export class TemplatesModule {}
