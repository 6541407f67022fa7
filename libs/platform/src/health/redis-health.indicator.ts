import { APP_CONFIG, type PlatformConfig, redisTopology } from '@crm/config';
import { createRedisClient, type RedisClient } from '@crm/queues';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/** Pings Redis on a dedicated connection that fails fast instead of queueing commands. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: RedisClient;
  /** The connection attempt under way, shared by checks that arrive together. */
  private connecting: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) config: PlatformConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.client = createRedisClient(redisTopology(config), {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      reconnect: false,
    });
    this.client.on('error', () => undefined);
  }

  async check(key = 'redis') {
    const indicator = this.indicators.check(key);
    try {
      await this.connected();
      await this.client.ping();
      return indicator.up();
    } catch {
      return indicator.down({ message: 'Redis is not reachable' });
    }
  }

  /**
   * (Re)connects when not ready. Checks arriving together wait on one attempt: each starting its
   * own would disconnect the others' half-made connection, and a burst of checks on a new process
   * answered 503 with Redis up.
   */
  private async connected(): Promise<void> {
    if (this.client.status === 'ready') return;
    this.connecting ??= (async () => {
      this.client.disconnect();
      await this.client.connect();
    })().finally(() => {
      this.connecting = null;
    });
    await this.connecting;
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
