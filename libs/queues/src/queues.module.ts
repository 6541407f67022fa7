import { APP_CONFIG, type PlatformConfig, redisTopology } from '@crm/config';
import { BullModule, getQueueToken, getSharedConfigToken, type RegisterQueueOptions } from '@nestjs/bullmq';
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueProducer } from './queue-producer';
import type { QueueContract } from './queue-contract';
import { closeQueueConnection, queueConnection } from './redis-connection';
import { queueKeyPrefix } from './redis-options';

const producerToken = (contract: QueueContract): string => `QueueProducer:${contract.name}`;

/** Injects the typed producer for a queue registered with `QueuesModule.forQueues`. */
export const InjectProducer = (contract: QueueContract): ParameterDecorator =>
  Inject(producerToken(contract));

/**
 * Closes the cluster connection BullMQ was given (it closes the connections it made itself). Its
 * module is global and imported first, so Nest shuts it down after the queues and workers.
 */
@Injectable()
class QueueConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(getSharedConfigToken()) private readonly shared: RegisterQueueOptions) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.shared.connection) await closeQueueConnection(this.shared.connection);
  }
}

@Module({})
export class QueuesModule {
  /** The shared Redis connection (any topology) and key prefix; import once, first, in each app module. */
  static forRoot(): DynamicModule {
    return BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => ({
        connection: queueConnection(redisTopology(config)),
        prefix: queueKeyPrefix(config.QUEUE_PREFIX),
      }),
      extraProviders: [QueueConnectionCloser],
    });
  }

  /** Registers queues (for producing and consuming) and a typed producer for each. */
  static forQueues(...contracts: QueueContract[]): DynamicModule {
    const producers = contracts.map((contract) => ({
      provide: producerToken(contract),
      inject: [getQueueToken(contract.name)],
      useFactory: (queue: Queue) => new QueueProducer(contract, queue),
    }));
    const registered = BullModule.registerQueue(
      ...contracts.map((contract) => ({
        name: contract.name,
        defaultJobOptions: contract.defaultJobOptions,
      })),
    );
    return {
      module: QueuesModule,
      imports: [registered],
      providers: producers,
      exports: [registered, ...producers.map((producer) => producer.provide)],
    };
  }
}
