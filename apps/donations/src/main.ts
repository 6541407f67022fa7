import 'reflect-metadata';
import { bootstrap } from '@crm/platform';
import { loadDonationsConfig } from './config/donations.config';
import { DonationsModule } from './donations.module';

void bootstrap(
  () => loadDonationsConfig(),
  (config) => DonationsModule.forRoot(config),
);
