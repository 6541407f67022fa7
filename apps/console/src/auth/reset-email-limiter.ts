import { APP_CONFIG } from '@crm/config';
import { queueKeyPrefix, redisOptionsFromUrl } from '@crm/queues';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { ConsoleConfig } from '../config/console.config';

/** Password-reset emails sent to one account within the window; further requests send nothing. */
export const MAX_RESET_EMAILS = 3;
export const RESET_EMAIL_WINDOW_MS = 60 * 60 * 1000;

/**
 * Drops the times that left the window, then records this send only while fewer than the limit
 * remain: one script, so concurrent requests cannot both take the last place.
 */
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/**
 * Limits the password-reset emails one account receives (3 an hour, a sliding window counted in
 * Redis under the queue prefix, shared by every console process), so the public reset form cannot
 * be used to flood someone's inbox. The caller stays silent either way: the answer is 202 whether
 * an email went, was held back, or the address has no account.
 */
@Injectable()
export class ResetEmailLimiter implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: ConsoleConfig) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      lazyConnect: true,
      maxRetriesPerRequest: 2,
    });
    this.prefix = `${queueKeyPrefix(config.QUEUE_PREFIX)}:console:password-reset-emails`;
  }

  /** Takes a place for one more email to this account; false when it has had its share this hour. */
  async take(staffUserId: string, now = Date.now()): Promise<boolean> {
    const taken = await this.redis.eval(
      TAKE,
      1,
      `${this.prefix}:${staffUserId}`,
      now,
      RESET_EMAIL_WINDOW_MS,
      MAX_RESET_EMAILS,
      `${now}-${randomBytes(4).toString('hex')}`,
    );
    return taken === 1;
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
