export * from './compile-segment';
export * from './fields';
export * from './mailable';
export * from './parse-segment-rules';
export * from './rule';
export * from './segment-rule.error';
