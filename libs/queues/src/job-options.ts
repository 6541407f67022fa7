import type { JobsOptions } from 'bullmq';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Retries with exponential backoff and jitter; failed jobs are kept for inspection. Completed jobs
 * are kept a day so a re-add with the same job id within that window is ignored by BullMQ; beyond
 * it, consumers stay idempotent through database constraints.
 */
export const RETRY_WITH_BACKOFF: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: DAY_SECONDS, count: 100_000 },
  removeOnFail: false,
};
