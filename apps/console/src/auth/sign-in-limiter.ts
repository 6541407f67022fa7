import { APP_CONFIG } from '@crm/config';
import { queueKeyPrefix, redisOptionsFromUrl } from '@crm/queues';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleConfig } from '../config/console.config';

/** Failed sign-ins allowed per account and per address within the window. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** What the limiter counts: an account (by email) or a client address. */
export type Subject = { account: string } | { ip: string };

/**
 * Counts failed sign-ins in Redis, a sorted set of failure times per account and per address, so
 * the window slides and every console process sees the same counts. Emails are hashed in the
 * key; keys sit under the queue prefix and expire with their window.
 */
@Injectable()
export class SignInLimiter implements OnModuleDestroy {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: ConsoleConfig) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      lazyConnect: true,
      maxRetriesPerRequest: 2,
    });
    this.prefix = `${queueKeyPrefix(config.QUEUE_PREFIX)}:console:sign-in-failures`;
  }

  /** Seconds until every subject is below the limit again; 0 when none is locked. */
  async lockedFor(subjects: Subject[], now = Date.now()): Promise<number> {
    let wait = 0;
    for (const subject of subjects) {
      const key = this.key(subject);
      await this.redis.zremrangebyscore(key, '-inf', now - FAILURE_WINDOW_MS);
      const times = (await this.redis.zrange(key, 0, -1, 'WITHSCORES'))
        .filter((_, index) => index % 2 === 1)
        .map(Number);
      if (times.length < MAX_FAILURES) continue;
      // Locked until the failure that keeps the count at the limit leaves the window.
      const unlocksAt = times[times.length - MAX_FAILURES]! + FAILURE_WINDOW_MS;
      wait = Math.max(wait, Math.ceil((unlocksAt - now) / 1000));
    }
    return wait;
  }

  async recordFailure(subjects: Subject[], now = Date.now()): Promise<void> {
    const pipeline = this.redis.multi();
    for (const subject of subjects) {
      const key = this.key(subject);
      pipeline.zadd(key, now, `${now}-${randomBytes(4).toString('hex')}`);
      pipeline.pexpire(key, FAILURE_WINDOW_MS);
    }
    await pipeline.exec();
  }

  async clear(subject: Subject): Promise<void> {
    await this.redis.del(this.key(subject));
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  private key(subject: Subject): string {
    return 'account' in subject
      ? `${this.prefix}:account:${createHash('sha256').update(subject.account.toLowerCase()).digest('hex')}`
      : `${this.prefix}:ip:${subject.ip}`;
  }
}
