import type { JobsOptions, Queue } from 'bullmq';
import type { JobName, JobOf, QueueContract } from './queue-contract';

type AddOptions = Pick<JobsOptions, 'jobId' | 'delay' | 'priority'>;

/** Adds jobs to one queue, checking each payload against the queue's contract first. */
export class QueueProducer<Q extends QueueContract> {
  constructor(
    private readonly contract: Q,
    readonly queue: Queue,
  ) {}

  async add<N extends JobName<Q>>(name: N, data: JobOf<Q, N>, options: AddOptions = {}): Promise<void> {
    const payload: unknown = this.contract.jobs[name]!.parse(data);
    await this.queue.add(name, payload, options);
  }
}
