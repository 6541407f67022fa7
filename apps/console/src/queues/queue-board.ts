import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { APP_CONFIG, redisTopology } from '@crm/config';
import {
  donationsEventsQueue,
  mailerDispatchQueue,
  type QueueContract,
  closeQueueConnection,
  queueConnection,
  queueKeyPrefix,
  subscriberImportsQueue,
  subscribersEventsQueue,
  transactionalMailQueue,
} from '@crm/queues';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import type { ConsoleConfig } from '../config/console.config';
import { QueueBoardError } from './queue-board.errors';

/**
 * Retries offered for failed jobs only. `allowCompletedRetries` is read by the adapter's base class
 * but missing from the adapter's option type, hence a variable rather than an object literal.
 */
const ADAPTER_OPTIONS = { allowRetries: true, allowCompletedRetries: false };

/** Where the board is served; its page, assets and JSON API all live under it. */
export const QUEUE_BOARD_PATH = '/api/queues';

/** Every queue of the system, from its contract: the board shows them all, each app's own. */
export const BOARD_QUEUES: readonly QueueContract[] = [
  mailerDispatchQueue,
  transactionalMailQueue,
  subscribersEventsQueue,
  subscriberImportsQueue,
  donationsEventsQueue,
];

/**
 * The admins' queue dashboard (bull-board): waiting, active, delayed, failed and completed jobs of
 * every queue, read through BullMQ with the apps' Redis options and key prefix. The board's own
 * writes are not routed (the controller serves only its reads); retrying a failed job is the
 * console's one write, `retryFailed`.
 */
@Injectable()
export class QueueBoard implements OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();
  private readonly connection: ReturnType<typeof queueConnection>;
  /** The board's Express app: its page, static files and read API, relative to QUEUE_BOARD_PATH. */
  readonly app: Express;

  constructor(@Inject(APP_CONFIG) config: ConsoleConfig) {
    this.connection = queueConnection(redisTopology(config));
    for (const contract of BOARD_QUEUES) {
      this.queues.set(
        contract.name,
        new Queue(contract.name, {
          connection: this.connection,
          prefix: queueKeyPrefix(config.QUEUE_PREFIX),
        }),
      );
    }
    const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: [...this.queues.values()].map((queue) => new BullMQAdapter(queue, ADAPTER_OPTIONS)),
      serverAdapter,
      options: {
        uiConfig: {
          boardTitle: 'Queues',
          hideDocsLink: true,
          miscLinks: [{ text: 'Back to the console', url: '/' }],
          locale: { lng: 'en-GB' },
        },
      },
    });
    this.app = serverAdapter.getRouter() as Express;
    this.app.disable('x-powered-by');
  }

  queueNames(): string[] {
    return [...this.queues.keys()];
  }

  /** Moves one failed job back to waiting, to run again (BullMQ `Job.retry('failed')`). */
  async retryFailed(queueName: string, jobId: string): Promise<void> {
    const queue = this.queues.get(queueName);
    if (!queue) throw QueueBoardError.queueNotFound(queueName);
    const job = await queue.getJob(jobId);
    if (!job) throw QueueBoardError.jobNotFound(queueName, jobId);
    const state = await job.getState();
    if (state !== 'failed') throw QueueBoardError.notFailed(jobId, state);
    await job.retry('failed');
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await closeQueueConnection(this.connection);
  }
}
