import { randomBytes } from 'node:crypto';
import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { renewLeases } from './lease.queries';

/**
 * This process's claims on campaign batches. Each claim gets a token `<instance>/<n>` (the instance
 * is random per process start, so a restarted process owns nothing of its previous life), and the
 * lease of every batch still in flight is renewed every quarter of MAIL_BATCH_LEASE_SECONDS by
 * `LeaseKeeper`: a batch whose lease runs out belongs to a process that stopped.
 */
@Injectable()
export class BatchLeases {
  readonly instance = `${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly seconds: number;
  private readonly held = new Set<string>();
  private claims = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: MailerConfig,
  ) {
    this.seconds = config.MAIL_BATCH_LEASE_SECONDS;
  }

  /** A new claim token, renewed from now until `release`. */
  hold(): string {
    this.claims += 1;
    const token = `${this.instance}/${this.claims}`;
    this.held.add(token);
    return token;
  }

  release(token: string): void {
    this.held.delete(token);
  }

  async renew(): Promise<void> {
    await renewLeases(this.dataSource, [...this.held], this.seconds);
  }
}
