export * from './decorators';
export * from './permissions';
export * from './staff-auth.module';
export * from './staff-principal';
export * from './staff-tokens';
export * from './token-hash';
export * from './public-link';
export * from './signed-links';
