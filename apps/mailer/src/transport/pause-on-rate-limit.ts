import { type Queue, Worker } from 'bullmq';
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
