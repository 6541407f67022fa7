import { type Queue, Worker, type WorkerOptions } from 'bullmq';
import { MailRateLimitedError } from './transport-errors';

/**
 * Runs a send; on a 429 it pauses the whole queue until SendGrid's reset time and hands the job
 * back with BullMQ's RateLimitError, which neither fails the job nor uses up an attempt.
 */
export async function pauseOnRateLimit<T>(queue: Queue, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof MailRateLimitedError)) throw error;
    await queue.rateLimit(error.retryAfterMs);
    throw Worker.RateLimitError();
  }
}

/**
 * Worker options for a queue paused by `pauseOnRateLimit`: BullMQ's fetch honours `queue.rateLimit`
 * only for a worker that has a limiter, so this one has a limit it never reaches by itself.
 * Without it a free slot could still fetch and send another batch before SendGrid's reset time.
 */
export const HONOURS_RATE_LIMIT_PAUSE: Partial<WorkerOptions> = {
  limiter: { max: 1_000_000_000, duration: 1_000 },
};
