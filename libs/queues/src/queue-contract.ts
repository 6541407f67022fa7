import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';

type JobSchemas = Record<string, z.ZodType>;

/** One queue: its name, a payload schema per job name, and its default job options. */
export interface QueueContract<Jobs extends JobSchemas = JobSchemas> {
  readonly name: string;
  readonly jobs: Jobs;
  readonly defaultJobOptions: JobsOptions;
}

export function defineQueue<const Jobs extends JobSchemas>(
  contract: QueueContract<Jobs>,
): QueueContract<Jobs> {
  return contract;
}

export type JobName<Q extends QueueContract> = keyof Q['jobs'] & string;
export type JobOf<Q extends QueueContract, N extends JobName<Q>> = z.infer<Q['jobs'][N]>;
