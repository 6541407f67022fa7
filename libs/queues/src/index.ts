export * from './contract-worker';
export * from './contracts';
export * from './job-options';
export * from './queue-contract';
export * from './queue-producer';
export * from './queues.module';
export * from './redis-options';
export * from './redis-connection';
