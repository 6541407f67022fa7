import 'reflect-metadata';
import { bootstrap } from '@crm/platform';
import { loadMailerConfig } from './config/mailer.config';
import { MailerModule } from './mailer.module';

void bootstrap(
  () => loadMailerConfig(),
  (config) => MailerModule.forRoot(config),
);
