import { deleteQueueKeys, TEST_REDIS_URL } from '@crm/testing';
import { randomUUID } from 'node:crypto';
import type { ConsoleConfig } from '../config/console.config';
import { MAX_RESET_EMAILS, RESET_EMAIL_WINDOW_MS, ResetEmailLimiter } from './reset-email-limiter';

describe('ResetEmailLimiter (real Redis)', () => {
  const prefix = `test-reset-${randomUUID()}`;
  const limiter = new ResetEmailLimiter({ REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix } as ConsoleConfig);
  afterAll(async () => {
    await limiter.onModuleDestroy();
    await deleteQueueKeys(prefix);
  });

  it('allows 3 emails an hour per account, then again as each leaves the sliding window', async () => {
    const account = randomUUID();
    const start = Date.now();
    const taken = [];
    for (let n = 0; n < 5; n++) taken.push(await limiter.take(account, start + n * 60_000));
    expect(MAX_RESET_EMAILS).toBe(3);
    expect(taken).toEqual([true, true, true, false, false]);
    expect(await limiter.take(randomUUID(), start)).toBe(true);
    // The first email leaves the window an hour after it was sent: one more place, not two.
    const later = start + RESET_EMAIL_WINDOW_MS + 1;
    expect(await limiter.take(account, later)).toBe(true);
    expect(await limiter.take(account, later)).toBe(false);
  });

  it('gives the last place to one of many concurrent requests only', async () => {
    const account = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => limiter.take(account)));
    expect(answers.filter(Boolean)).toHaveLength(MAX_RESET_EMAILS);
  });
});
