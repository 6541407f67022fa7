import type { JobsOptions, Queue } from 'bullmq';
import type { JobName, JobOf, QueueContract } from './queue-contract';

type AddOptions = Pick<JobsOptions, 'jobId' | 'delay' | 'priority'>;

export interface BulkJob<Q extends QueueContract, N extends JobName<Q>> {
  data: JobOf<Q, N>;
  options?: AddOptions;
}

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

  /**
   * Adds many jobs of one name in one round trip. Each is still added by its own script, so a job
   * id already in the queue is skipped exactly as `add` skips it.
   */
  async addBulk<N extends JobName<Q>>(name: N, jobs: BulkJob<Q, N>[]): Promise<void> {
    const schema = this.contract.jobs[name]!;
    const checked = jobs.map((job) => ({ name, data: schema.parse(job.data) as unknown, opts: job.options }));
    if (checked.length > 0) await this.queue.addBulk(checked);
  }
}
