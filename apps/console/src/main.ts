import 'reflect-metadata';
import { bootstrap } from '@crm/platform';
import { ConsoleModule } from './console.module';
import { loadConsoleConfig } from './config/console.config';
import { mountApiProxy } from './proxy/api-proxy';

void bootstrap(
  () => loadConsoleConfig(),
  (config) => ConsoleModule.forRoot(config),
  mountApiProxy,
);
