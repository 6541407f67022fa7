export * from './base-config';
export * from './config-error';
export * from './config.tokens';
export * from './env-types';
export * from './load-config';
export * from './app-config.module';
export * from './platform-config';
export * from './trust-proxy';
