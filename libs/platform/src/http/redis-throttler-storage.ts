import { type PlatformConfig, redisTopology } from '@crm/config';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { OnModuleDestroy } from '@nestjs/common';
import { createRedisClient } from '@crm/queues';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorageRedisService['increment']>>;

/**
 * @nestjs/throttler's counts kept in Redis (any topology), so every replica of an app counts
 * against the same limit. Its script keeps a key's hit and block counters under one hash tag, as
 * a cluster needs; the tag starts with the queue prefix, so two installs sharing a Redis (or two
 * test runs) never share counts.
 */
export class RedisThrottlerStorage extends ThrottlerStorageRedisService implements OnModuleDestroy {
  private readonly namespace: string;

  constructor(config: PlatformConfig) {
    // Two tries, then the request fails instead of hanging while Redis is away.
    // The parent takes a Redis or a Cluster (one overload each); this may be either.
    super(createRedisClient(redisTopology(config), { lazyConnect: true, maxRetriesPerRequest: 2 }) as Redis);
    this.namespace = `${config.QUEUE_PREFIX}:throttle`;
  }

  override increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    return super.increment(`${this.namespace}:${key}`, ttl, limit, blockDuration, throttlerName);
  }

  /** The client is this storage's own (the parent only closes one it made from options). */
  override onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
