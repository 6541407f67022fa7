export * from './data-source-options';
export * from './database.module';
export * from './ensure-database';
export * from './migrations';
export * from './run-migrations';
export * from './snake-naming.strategy';
