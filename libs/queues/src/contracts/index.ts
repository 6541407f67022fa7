export * from './donation-imports.queue';
export * from './donations-events.queue';
export * from './mailer-dispatch.queue';
export * from './subscriber-imports.queue';
export * from './subscribers-events.queue';
export * from './transactional-mail.queue';
