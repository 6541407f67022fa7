export * from './run-sql';
export * from './sql';
export * from './copy-text';
