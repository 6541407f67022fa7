import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { redisOptionsFromUrl } from '@crm/queues';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';

/** Pings Redis on a dedicated connection that fails fast instead of queueing commands. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(
    @Inject(APP_CONFIG) config: PlatformConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.client = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      retryStrategy: () => null,
    });
    this.client.on('error', () => undefined);
  }

  async check(key = 'redis') {
    const indicator = this.indicators.check(key);
    try {
      if (this.client.status !== 'ready') {
        this.client.disconnect();
        await this.client.connect();
      }
      await this.client.ping();
      return indicator.up();
    } catch {
      return indicator.down({ message: 'Redis is not reachable' });
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
