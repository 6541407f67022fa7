import { randomUUID } from 'node:crypto';
import { dataSourceOptions } from '@crm/database';
import { AppProcess, FakeSendGrid, freePort, staffBearer, TestEnvironment, waitFor } from '@crm/testing';
import { DataSource } from 'typeorm';
import { seedSubscribedAudience, sendCampaign } from '../../../bench/load/campaign-audience';
import { buildOnce, compiled } from '../../support/compiled';

export interface BatchOwners {
  /** Mailer instance (`<pid>-<random>`, the lease token's prefix) → batches it recorded in each status. */
  [instance: string]: Record<string, number>;
}

/**
 * `count` mailer processes built from this tree, sharing one database, one Redis prefix and one
 * fake SendGrid, as replicas in production would; plus a connection of the test's own.
 */
export class MailerReplicas {
  private constructor(
    readonly env: TestEnvironment,
    readonly sendgrid: FakeSendGrid,
    readonly mailers: AppProcess[],
    readonly db: DataSource,
  ) {}

  static async start(count: number, overrides: Record<string, string> = {}): Promise<MailerReplicas> {
    buildOnce();
    const env = await TestEnvironment.create();
    const sendgrid = await new FakeSendGrid().start();
    const db = await new DataSource(dataSourceOptions({ url: env.database.url, poolSize: 2 })).initialize();
    const mailers: AppProcess[] = [];
    for (let n = 0; n < count; n += 1) {
      mailers.push(
        new AppProcess({
          app: 'mailer',
          distDir: compiled(),
          port: await freePort(),
          env: env.env({ ...sendgrid.env(), LOG_LEVEL: 'info', MAIL_BATCH_LEASE_SECONDS: '3', ...overrides }),
        }),
      );
    }
    await Promise.all(mailers.map((mailer) => mailer.start({ timeoutMs: 60_000 })));
    return new MailerReplicas(env, sendgrid, mailers, db);
  }

  /** `recipients` confirmed subscribers and a segment of everyone subscribed (its id). */
  seed(recipients: number): Promise<string> {
    return seedSubscribedAudience(this.db, recipients, randomUUID().slice(0, 8));
  }

  /** `count` confirmed subscribers tagged with a fresh tag, and a segment of just them (its id). */
  async seedTagged(count: number): Promise<string> {
    const tag = `t${randomUUID().slice(0, 8)}`;
    await this.db.query(
      `WITH s AS (INSERT INTO supporters (email, email_normalised, first_name, tags)
                  SELECT $2 || '-' || n || '@example.org', $2 || '-' || n || '@example.org', 'P' || n, ARRAY[$2]
                    FROM generate_series(1, $1::int) AS n RETURNING id)
       INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) SELECT id, 'subscribed', now() FROM s`,
      [count, tag],
    );
    const [segment] = (await this.db.query(
      `INSERT INTO segments (name, rules) VALUES ($1, $2::jsonb) RETURNING id`,
      [tag, JSON.stringify({ field: 'tags', op: 'contains', value: tag })],
    )) as { id: string }[];
    return segment!.id;
  }

  /** Creates and sends a campaign through the first running mailer's staff API. */
  async send(segmentId: string, name: string): Promise<string> {
    const via = this.mailers.find((mailer) => mailer.running);
    if (!via) throw new Error('no mailer is running');
    return sendCampaign(via.url, await this.bearer(), segmentId, name);
  }

  bearer(): Promise<string> {
    return staffBearer(this.db, 'comms', `replicas-${randomUUID().slice(0, 8)}`);
  }

  /** The instance id each running mailer logged at start-up (`dispatch leases kept`). */
  instanceOf(mailer: AppProcess): string {
    const line = mailer.logs.lines.findLast((text) => text.includes('dispatch leases kept'));
    const instance = line ? (JSON.parse(line) as { instance?: string }).instance : undefined;
    if (!instance) throw new Error('the mailer did not log its lease instance');
    return instance;
  }

  /** Waits for the campaign to leave `sending` with no batch open; a timeout says where it stood. */
  async finished(campaignId: string, timeoutMs: number): Promise<string> {
    return this.settled(campaignId, timeoutMs).catch(async (error: unknown) => {
      const batches = await this.db.query(
        `SELECT status, generation, count(*)::int AS n FROM campaign_batches WHERE campaign_id = $1 GROUP BY 1, 2`,
        [campaignId],
      );
      const logs = this.mailers.map((mailer) =>
        mailer.logs.lines
          .filter((line) => !line.includes('"req"'))
          .slice(-12)
          .join('\n'),
      );
      throw new Error(
        `${String(error)}; batches ${JSON.stringify(batches)}; logs:\n${logs.join('\n---\n')}`,
        {
          cause: error,
        },
      );
    });
  }

  private async settled(campaignId: string, timeoutMs: number): Promise<string> {
    return waitFor(
      async () => {
        const [row] = (await this.db.query(
          `SELECT c.status, (SELECT count(*)::int FROM campaign_batches b
                              WHERE b.campaign_id = c.id AND b.status IN ('pending', 'sending')) AS open
             FROM campaigns c WHERE c.id = $1`,
          [campaignId],
        )) as { status: string; open: number }[];
        return row && row.status !== 'sending' && row.open === 0 ? row.status : null;
      },
      { timeoutMs, intervalMs: 250, what: `campaign ${campaignId} to finish` },
    );
  }

  async recipientsSent(campaignId: string): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 AND status = 'sent'`,
      [campaignId],
    )) as { n: number }[];
    return row!.n;
  }

  /** Batches per owning instance and status. */
  async owners(campaignId: string): Promise<BatchOwners> {
    const rows = (await this.db.query(
      `SELECT split_part(lease_owner, '/', 1) AS instance, status, count(*)::int AS n
         FROM campaign_batches WHERE campaign_id = $1 GROUP BY 1, 2`,
      [campaignId],
    )) as { instance: string; status: string; n: number }[];
    const owners: BatchOwners = {};
    for (const row of rows) (owners[row.instance] ??= {})[row.status] = row.n;
    return owners;
  }

  async recipientStatuses(campaignId: string): Promise<Record<string, number>> {
    const rows = (await this.db.query(
      `SELECT status, count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 GROUP BY status`,
      [campaignId],
    )) as { status: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  /** The addresses of the campaign's recipients in this status. */
  async recipientEmails(campaignId: string, status: string): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT email FROM campaign_recipients WHERE campaign_id = $1 AND status = $2`,
      [campaignId, status],
    )) as { email: string }[];
    return rows.map((row) => row.email);
  }

  /** Copies of the campaign per address in mail the fake SendGrid accepted (or, `delivered`, would deliver). */
  copies(campaignId: string, which: 'accepted' | 'delivered' = 'accepted'): Map<string, number> {
    const copies = new Map<string, number>();
    for (const body of this.sendgrid[which]) {
      for (const personalization of body.personalizations) {
        if (personalization.custom_args?.campaign_id !== campaignId) continue;
        for (const to of personalization.to) copies.set(to.email, (copies.get(to.email) ?? 0) + 1);
      }
    }
    return copies;
  }

  async stop(): Promise<void> {
    await Promise.all(this.mailers.map((mailer) => mailer.stop()));
    await this.db.destroy();
    await this.sendgrid.stop();
    await this.env.destroy();
  }
}

/** Addresses with more than one copy. */
export const doubled = (copies: Map<string, number>): number =>
  [...copies.values()].reduce((extra, n) => extra + n - 1, 0);
