import { APP_CONFIG } from '@crm/config';
import { clientBucket } from '@crm/platform';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleConfig } from '../config/console.config';
import { SlidingWindow } from './sliding-window';

/** Failed sign-ins allowed per account and per address within the window. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** What the limiter counts: an account (by email) or a client address. */
export type Subject = { account: string } | { ip: string };

/** An attempt counted in advance: a failure unless it is released. */
export interface SignInAttempt {
  id: string;
  subjects: Subject[];
}

/**
 * Counts sign-in attempts in Redis, a sorted set of times per account and per client (an IPv6
 * client by its /64), so the window slides and every console process sees the same counts. An
 * attempt is counted before its password is checked, and released when it succeeds: parallel
 * guesses cannot outrun the count. Emails are hashed in the key; keys sit under the queue prefix
 * and expire with their window.
 */
@Injectable()
export class SignInLimiter implements OnModuleDestroy {
  private readonly window: SlidingWindow;

  constructor(@Inject(APP_CONFIG) config: ConsoleConfig) {
    this.window = new SlidingWindow(config, 'sign-in-failures', MAX_FAILURES, FAILURE_WINDOW_MS);
  }

  /**
   * Counts one attempt against every subject, unless one of them has had MAX_FAILURES within the
   * window: then nothing is counted and the answer is the seconds until it may try again.
   */
  async attempt(
    subjects: Subject[],
    now = Date.now(),
  ): Promise<{ attempt: SignInAttempt } | { retryAfterSeconds: number }> {
    const id = `${now}-${randomBytes(6).toString('hex')}`;
    const keys = subjects.map((subject) => this.key(subject));
    const wait = await this.window.record(keys, id, now);
    return wait > 0 ? { retryAfterSeconds: Math.ceil(wait / 1000) } : { attempt: { id, subjects } };
  }

  /** Takes back an attempt that turned out not to be a failure. */
  async release(attempt: SignInAttempt): Promise<void> {
    await this.window.remove(
      attempt.subjects.map((subject) => this.key(subject)),
      attempt.id,
    );
  }

  async clear(subject: Subject): Promise<void> {
    await this.window.clear(this.key(subject));
  }

  async onModuleDestroy(): Promise<void> {
    this.window.disconnect();
  }

  private key(subject: Subject): string {
    return 'account' in subject
      ? this.window.key(`account:${createHash('sha256').update(subject.account.toLowerCase()).digest('hex')}`)
      : this.window.key(`ip:${clientBucket(subject.ip)}`);
  }
}
