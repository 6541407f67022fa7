import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { type DynamicModule, Inject, Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueProducer } from './queue-producer';
import type { QueueContract } from './queue-contract';
import { queueKeyPrefix, redisOptionsFromUrl } from './redis-options';

const producerToken = (contract: QueueContract): string => `QueueProducer:${contract.name}`;

/** Injects the typed producer for a queue registered with `QueuesModule.forQueues`. */
export const InjectProducer = (contract: QueueContract): ParameterDecorator =>
  Inject(producerToken(contract));

@Module({})
export class QueuesModule {
  /** The shared Redis connection and key prefix; import once in each app module. */
  static forRoot(): DynamicModule {
    return BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: PlatformConfig) => ({
        connection: redisOptionsFromUrl(config.REDIS_URL),
        prefix: queueKeyPrefix(config.QUEUE_PREFIX),
      }),
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
