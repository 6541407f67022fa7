import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { ConsoleConfig } from '../config/console.config';
import { SlidingWindow } from './sliding-window';

/** Password-reset emails sent to one account within the window; further requests send nothing. */
export const MAX_RESET_EMAILS = 3;
export const RESET_EMAIL_WINDOW_MS = 60 * 60 * 1000;

/**
 * Limits the password-reset emails one account receives (3 an hour, a sliding window counted in
 * Redis under the queue prefix, shared by every console process), so the public reset form cannot
 * be used to flood someone's inbox. The caller stays silent either way: the answer is 202 whether
 * an email went, was held back, or the address has no account.
 */
@Injectable()
export class ResetEmailLimiter implements OnModuleDestroy {
  private readonly window: SlidingWindow;

  constructor(@Inject(APP_CONFIG) config: ConsoleConfig) {
    this.window = new SlidingWindow(config, 'password-reset-emails', MAX_RESET_EMAILS, RESET_EMAIL_WINDOW_MS);
  }

  /** Takes a place for one more email to this account; false when it has had its share this hour. */
  async take(staffUserId: string, now = Date.now()): Promise<boolean> {
    const id = `${now}-${randomBytes(4).toString('hex')}`;
    return (await this.window.record([this.window.key(staffUserId)], id, now)) === 0;
  }

  async onModuleDestroy(): Promise<void> {
    this.window.disconnect();
  }
}
