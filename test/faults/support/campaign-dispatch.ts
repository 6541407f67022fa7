import { randomUUID } from 'node:crypto';
import { staffBearer, waitFor } from '@crm/testing';
import { seedSubscribedAudience, sendCampaign } from '../../../bench/load/campaign-audience';
import type { FaultSystem } from './fault-system';
import type { Tally } from './tally';

/**
 * A campaign to `recipients` confirmed subscribers, seeded in bulk into the scenario's database,
 * started through the mailer's staff API, and audited at the end against what the fake SendGrid
 * accepted and what the send ledger reports.
 */
export class CampaignDispatch {
  private constructor(
    private readonly system: FaultSystem,
    readonly id: string,
    readonly recipients: number,
  ) {}

  static async start(system: FaultSystem, recipients: number): Promise<CampaignDispatch> {
    const tag = randomUUID().slice(0, 8);
    const segmentId = await seedSubscribedAudience(system.db, recipients, tag);
    const bearer = await staffBearer(system.db, 'comms', `fault-${tag}`);
    const id = await sendCampaign(system.apps.mailer.url, bearer, segmentId, `Fault ${tag}`);
    return new CampaignDispatch(system, id, recipients);
  }

  /** Recipients the send ledger shows as accepted by SendGrid so far. */
  async sentSoFar(): Promise<number> {
    return this.system.count(
      `SELECT count(*) FROM campaign_recipients WHERE campaign_id = $1 AND status NOT IN ('queued', 'uncertain', 'failed', 'skipped')`,
      [this.id],
    );
  }

  /** The campaign's status and its batches by status, for a failure message. */
  async ledger(): Promise<unknown> {
    return this.system.db.query(
      `SELECT c.status, b.status AS batch, count(b.*)::int AS batches
       FROM campaigns c LEFT JOIN campaign_batches b ON b.campaign_id = c.id
       WHERE c.id = $1 GROUP BY c.status, b.status`,
      [this.id],
    );
  }

  /** Waits for every batch to settle (none pending or sending) and the campaign to leave `sending`. */
  async settled(timeoutMs: number): Promise<string> {
    return waitFor(
      async () => {
        const [row] = (await this.system.db.query(
          `SELECT c.status,
                  (SELECT count(*)::int FROM campaign_batches b
                   WHERE b.campaign_id = c.id AND b.status IN ('pending', 'sending')) AS open
           FROM campaigns c WHERE c.id = $1`,
          [this.id],
        )) as { status: string; open: number }[];
        return row && row.status !== 'sending' && row.open === 0 ? row.status : null;
      },
      { timeoutMs, intervalMs: 500, what: `campaign ${this.id} to finish` },
    );
  }

  /** Lost: eligible people neither accepted by SendGrid nor reported uncertain. Doubled: extra copies accepted. */
  async tally(scenario: string, notes: Record<string, unknown> = {}): Promise<Tally> {
    const accepted = new Map<string, number>();
    for (const body of this.system.providers.sendgrid.accepted) {
      for (const personalization of body.personalizations) {
        if (personalization.custom_args?.campaign_id !== this.id) continue;
        for (const to of personalization.to) accepted.set(to.email, (accepted.get(to.email) ?? 0) + 1);
      }
    }
    const uncertain = (await this.system.db.query(
      `SELECT email FROM campaign_recipients WHERE campaign_id = $1 AND status = 'uncertain'`,
      [this.id],
    )) as { email: string }[];
    const reached = new Set([...accepted.keys(), ...uncertain.map((row) => row.email)]);
    const statuses = (await this.system.db.query(
      `SELECT status, count(*)::int AS count FROM campaign_recipients WHERE campaign_id = $1 GROUP BY status`,
      [this.id],
    )) as { status: string; count: number }[];
    return {
      scenario,
      expected: this.recipients,
      lost: this.recipients - reached.size,
      doubled: [...accepted.values()].reduce((extra, copies) => extra + copies - 1, 0),
      notes: {
        ...notes,
        accepted: accepted.size,
        uncertain: uncertain.length,
        ledger: Object.fromEntries(statuses.map((row) => [row.status, row.count])),
      },
    };
  }
}
