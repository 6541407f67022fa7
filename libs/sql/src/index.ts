export * from './run-sql';
export * from './sql';
