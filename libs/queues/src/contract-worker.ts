import { type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';
import type { JobName, JobOf, QueueContract } from './queue-contract';

export type JobHandlers<Q extends QueueContract> = {
  [N in JobName<Q>]: (data: JobOf<Q, N>, job: Job) => Promise<unknown>;
};

/**
 * Base for a queue consumer: validates each payload against the contract and routes it to the
 * handler for its job name. Boot fails if any job name lacks a handler. A malformed payload or an
 * unknown job name fails the job without retries (it is kept for inspection); any other error
 * thrown by a handler is retried with the queue's backoff.
 */
export abstract class ContractWorker<Q extends QueueContract>
  extends WorkerHost
  implements OnModuleInit, OnApplicationBootstrap
{
  protected abstract readonly contract: Q;
  protected abstract readonly handlers: JobHandlers<Q>;

  /** Jobs this worker runs at once, when not BullMQ's default of one (read once the app has its config). */
  protected concurrency(): number | undefined {
    return undefined;
  }

  onApplicationBootstrap(): void {
    const concurrency = this.concurrency();
    if (concurrency !== undefined) this.worker.concurrency = concurrency;
  }

  onModuleInit(): void {
    const missing = Object.keys(this.contract.jobs).filter(
      (name) => typeof (this.handlers as Record<string, unknown>)[name] !== 'function',
    );
    if (missing.length > 0) {
      throw new Error(`Queue ${this.contract.name}: no handler for job(s) ${missing.join(', ')}`);
    }
  }

  async process(job: Job): Promise<unknown> {
    const schema = this.contract.jobs[job.name];
    if (!schema) throw new UnrecoverableError(`Unknown job name "${job.name}"`);
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(payload)');
      throw new UnrecoverableError(`Invalid payload for ${job.name}: ${fields.join(', ')}`);
    }
    const handler = (this.handlers as Record<string, (data: unknown, job: Job) => Promise<unknown>>)[
      job.name
    ]!;
    return handler(parsed.data, job);
  }
}
