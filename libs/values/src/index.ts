/**
 * Plain value rules every app and lib shares: what PostgreSQL can store (instants within
 * timestamptz's range, text without NUL), the key an email address is matched on, and LIKE
 * patterns from typed text, money as a person reads it. No framework behind them, so code that runs outside Nest, such as the
 * import job in `npm run bench:import`, loads nothing else with them.
 */
export * from './instant';
export * from './nul-characters';
export * from './control-characters';
export * from './email';
export * from './like-pattern';
export * from './gift-aid-coverage';
export * from './money';
