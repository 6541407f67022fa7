import { redisTopology } from '@crm/config';
import { createRedisClient, queueKeyPrefix, type RedisClient } from '@crm/queues';
import type { ConsoleConfig } from '../config/console.config';

/**
 * For each key: drops the times that left the window; when any key already holds the limit, answers
 * the milliseconds until it is below it again and records nothing. Otherwise records this entry in
 * every key and answers 0. One script, so concurrent callers cannot all pass the check before any
 * of them is counted.
 */
const RECORD = `
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

/**
 * A sliding-window count in Redis: a sorted set of times per key, under the queue prefix, so every
 * console process sees the same counts; keys expire with their window. The prefix is a hash tag,
 * so the several keys one call touches sit in one cluster slot.
 */
export class SlidingWindow {
  private readonly redis: RedisClient;
  private readonly prefix: string;

  /** `name` is the key namespace below `<queue prefix>:console:`. */
  constructor(
    config: ConsoleConfig,
    name: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {
    this.redis = createRedisClient(redisTopology(config), { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.prefix = `${queueKeyPrefix(config.QUEUE_PREFIX)}:console:${name}`;
  }

  /** The full Redis key for a key suffix. */
  key(suffix: string): string {
    return `${this.prefix}:${suffix}`;
  }

  /**
   * Records entry `id` under every key unless one of them already holds `max` within the window:
   * then nothing is recorded and the answer is the milliseconds until it may be tried again (else 0).
   */
  async record(keys: string[], id: string, now: number): Promise<number> {
    return Number(await this.redis.eval(RECORD, keys.length, ...keys, now, this.windowMs, this.max, id));
  }

  /** Takes entry `id` back out of every key. */
  async remove(keys: string[], id: string): Promise<void> {
    const pipeline = this.redis.multi();
    for (const key of keys) pipeline.zrem(key, id);
    await pipeline.exec();
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }

  disconnect(): void {
    this.redis.disconnect();
  }
}
