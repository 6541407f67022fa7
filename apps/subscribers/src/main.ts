import 'reflect-metadata';
import { bootstrap } from '@crm/platform';
import { loadSubscribersConfig } from './config/subscribers.config';
import { SubscribersModule } from './subscribers.module';

void bootstrap(
  () => loadSubscribersConfig(),
  (config) => SubscribersModule.forRoot(config),
);
