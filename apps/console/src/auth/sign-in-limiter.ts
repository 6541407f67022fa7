import { APP_CONFIG } from '@crm/config';
import { clientBucket } from '@crm/platform';
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
 * For each key: drops the times that left the window; when any key already holds the limit, answers
 * the milliseconds until it is below it again and records nothing. Otherwise records this attempt
 * in every key and answers 0. One script, so concurrent attempts cannot all pass the check before
 * any of them is counted.
 */
const ATTEMPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local wait = 0
for _, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= max then
    local kept = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    wait = math.max(wait, tonumber(kept[2]) + window - now)
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
end
return 0
`;

/** An attempt counted in advance: a failure unless it is released. */
export interface SignInAttempt {
  id: string;
  subjects: Subject[];
}

/**
 * Counts sign-in attempts in Redis, a sorted set of times per account and per client (an IPv6
 * client by its /64), so the window slides and every console process sees the same counts. An
 * attempt is counted before its password is checked, and released when it succeeds: parallel
 * guesses cannot outrun the count. Emails are hashed in the key; keys sit under the queue prefix
 * and expire with their window.
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

  /**
   * Counts one attempt against every subject, unless one of them has had MAX_FAILURES within the
   * window: then nothing is counted and the answer is the seconds until it may try again.
   */
  async attempt(
    subjects: Subject[],
    now = Date.now(),
  ): Promise<{ attempt: SignInAttempt } | { retryAfterSeconds: number }> {
    const id = `${now}-${randomBytes(6).toString('hex')}`;
    const keys = subjects.map((subject) => this.key(subject));
    const wait = Number(
      await this.redis.eval(ATTEMPT, keys.length, ...keys, now, FAILURE_WINDOW_MS, MAX_FAILURES, id),
    );
    return wait > 0 ? { retryAfterSeconds: Math.ceil(wait / 1000) } : { attempt: { id, subjects } };
  }

  /** Takes back an attempt that turned out not to be a failure. */
  async release(attempt: SignInAttempt): Promise<void> {
    const pipeline = this.redis.multi();
    for (const subject of attempt.subjects) pipeline.zrem(this.key(subject), attempt.id);
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
      : `${this.prefix}:ip:${clientBucket(subject.ip)}`;
  }
}
