import { APP_CONFIG, type PlatformConfig, redisTopology, type RedisTopology } from '@crm/config';
import { createRedisClient, type RedisClient } from '@crm/queues';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/** Pings Redis on a dedicated connection that fails fast instead of queueing commands. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly topology: RedisTopology;
  private client: RedisClient | null = null;
  /** The connection attempt under way, shared by checks that arrive together. */
  private connecting: Promise<RedisClient> | null = null;

  constructor(
    @Inject(APP_CONFIG) config: PlatformConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.topology = redisTopology(config);
  }

  async check(key = 'redis') {
    const indicator = this.indicators.check(key);
    try {
      await (await this.connected()).ping();
      return indicator.up();
    } catch {
      return indicator.down({ message: 'Redis is not reachable' });
    }
  }

  /**
   * A ready connection, made anew when the last one is not ready: an ioredis Cluster, once
   * disconnected, cannot connect again. Checks arriving together wait on one attempt: each starting
   * its own would disconnect the others' half-made connection, and a burst of checks on a new
   * process answered 503 with Redis up.
   */
  private async connected(): Promise<RedisClient> {
    if (this.client?.status === 'ready') return this.client;
    this.connecting ??= (async () => {
      this.client?.disconnect();
      const client = createRedisClient(this.topology, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: 1_000,
        reconnect: false,
      });
      client.on('error', () => undefined);
      this.client = client;
      await client.connect();
      return client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  onModuleDestroy(): void {
    this.client?.disconnect();
  }
}
