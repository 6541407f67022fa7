import {
  findLiveSession,
  hashStaffToken,
  type LiveSession,
  SESSION_IDLE_MS,
  SESSION_LIFETIME_MS,
  STAFF_SESSION_COOKIE,
} from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { StaffSession } from '@crm/entities';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { ConsoleConfig } from '../config/console.config';
import { touchOpenSession } from './auth.queries';

/** A session's last-seen time is written at most this often per session. */
const TOUCH_INTERVAL_MS = 60_000;
const TOUCHED_MEMORY = 10_000;

export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Opening, finding, keeping alive and ending console sessions (the console is their only writer). */
@Injectable()
export class ConsoleSessions {
  private readonly logger = new Logger(ConsoleSessions.name);
  private readonly touchedAt = new Map<string, number>();
  private readonly secureCookie: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: ConsoleConfig,
  ) {
    this.secureCookie = new URL(config.CONSOLE_URL).protocol === 'https:';
  }

  async open(manager: EntityManager, staffUserId: string, mustSetUpTotp: boolean): Promise<OpenedSession> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
    await manager.getRepository(StaffSession).insert({
      tokenHash: hashStaffToken(token),
      csrfToken,
      staffUserId,
      mustSetUpTotp,
      expiresAt,
      endedAt: null,
    });
    return { token, csrfToken, expiresAt };
  }

  find(token: string): Promise<LiveSession | null> {
    return findLiveSession(this.dataSource, token);
  }

  async end(token: string): Promise<void> {
    await this.dataSource
      .getRepository(StaffSession)
      .update({ tokenHash: hashStaffToken(token), endedAt: IsNull() }, { endedAt: () => 'now()' });
  }

  async endAllFor(manager: EntityManager, staffUserId: string): Promise<void> {
    await manager
      .getRepository(StaffSession)
      .update({ staffUserId, endedAt: IsNull() }, { endedAt: () => 'now()' });
  }

  /**
   * Records that the session was used, at most once a minute per session and never reviving one
   * that has already ended, expired or gone idle. Failures are logged, not thrown: the request it
   * rides on must not fail for it.
   */
  touch(token: string): void {
    const hash = hashStaffToken(token);
    const now = Date.now();
    if (now - (this.touchedAt.get(hash) ?? 0) < TOUCH_INTERVAL_MS) return;
    if (this.touchedAt.size >= TOUCHED_MEMORY) this.touchedAt.clear();
    this.touchedAt.set(hash, now);
    touchOpenSession(this.dataSource, hash, SESSION_IDLE_MS / 1000).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'could not record session use'),
    );
  }

  setCookie(response: Response, session: OpenedSession): void {
    response.cookie(STAFF_SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureCookie,
      path: '/',
      expires: session.expiresAt,
    });
  }

  clearCookie(response: Response): void {
    response.clearCookie(STAFF_SESSION_COOKIE, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureCookie,
      path: '/',
    });
  }
}
