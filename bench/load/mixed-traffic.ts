import { checkoutSessionObject, stripeEvent, stripeSignature } from '@crm/testing';
import type { DataSource } from 'typeorm';
import type { RouteLoad } from './fixed-rate';

export interface TrafficTargets {
  donations: string;
  subscribers: string;
  mailer: string;
  /** A bare Node HTTP server answering `{}`: the floor for a loopback request on this machine. */
  bare: string;
}

export interface TrafficLosses {
  webhooksWithoutDonation: number;
  signUpsWithoutSupporter: number;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/**
 * The public and staff traffic of a busy day, per second: sign-ups, checkouts, signed Stripe
 * webhooks and staff reads. It remembers what it was told was accepted so that, afterwards,
 * anything acknowledged but not recorded can be counted as lost.
 */
export class MixedTraffic {
  private readonly acknowledgedSessions: string[] = [];
  private readonly acceptedAddresses: string[] = [];

  constructor(
    private readonly targets: TrafficTargets,
    private readonly staffBearer: string,
    private readonly webhookSecret: string,
    private readonly tag: string,
  ) {}

  routes(): RouteLoad[] {
    const staffRead =
      (url: string) =>
      async (_n: number, signal: AbortSignal): Promise<number> => {
        const response = await fetch(url, { headers: { Authorization: this.staffBearer }, signal });
        await response.arrayBuffer();
        return response.status;
      };
    const { donations, subscribers, mailer, bare } = this.targets;
    return [
      { route: 'POST /subscribe', perSecond: 8, expect: 202, send: (n, signal) => this.signUp(n, signal) },
      { route: 'POST /checkout', perSecond: 8, expect: 201, send: (n, signal) => this.checkout(n, signal) },
      {
        route: 'POST /webhooks/stripe',
        perSecond: 20,
        expect: 200,
        send: (n, signal) => this.paidWebhook(n, signal),
      },
      {
        route: 'GET /supporters',
        perSecond: 4,
        expect: 200,
        send: staffRead(`${subscribers}/supporters?limit=20`),
      },
      { route: 'GET /donations', perSecond: 4, expect: 200, send: staffRead(`${donations}/donations`) },
      { route: 'GET /campaigns', perSecond: 4, expect: 200, send: staffRead(`${mailer}/campaigns`) },
      { route: 'GET bare node http (floor)', perSecond: 8, expect: 200, send: staffRead(bare) },
    ];
  }

  /** What was acknowledged but is not in the database once processing has had `graceMs` to finish. */
  async losses(db: DataSource, graceMs: number): Promise<TrafficLosses> {
    const deadline = Date.now() + graceMs;
    let losses = await this.count(db);
    while (
      (losses.webhooksWithoutDonation > 0 || losses.signUpsWithoutSupporter > 0) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      losses = await this.count(db);
    }
    return losses;
  }

  private async count(db: DataSource): Promise<TrafficLosses> {
    const [donations] = (await db.query(
      `SELECT count(DISTINCT stripe_checkout_session_id)::int AS n FROM donations WHERE stripe_checkout_session_id = ANY($1)`,
      [this.acknowledgedSessions],
    )) as { n: number }[];
    const [supporters] = (await db.query(
      `SELECT count(*)::int AS n FROM supporters WHERE email_normalised = ANY($1)`,
      [this.acceptedAddresses],
    )) as { n: number }[];
    return {
      webhooksWithoutDonation: this.acknowledgedSessions.length - donations!.n,
      signUpsWithoutSupporter: this.acceptedAddresses.length - supporters!.n,
    };
  }

  private async signUp(n: number, signal: AbortSignal): Promise<number> {
    const email = `load-${this.tag}-${n}@example.org`;
    const response = await fetch(`${this.targets.subscribers}/subscribe`, {
      method: 'POST',
      // Many different visitors, as on a real site (the per-IP sign-up limit stays in force).
      headers: { ...JSON_HEADERS, 'X-Forwarded-For': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
      body: JSON.stringify({ email, name: `Load ${n}`, consentText: 'Yes, send me the newsletter' }),
      signal,
    });
    await response.arrayBuffer();
    if (response.status === 202) this.acceptedAddresses.push(email);
    return response.status;
  }

  private async checkout(n: number, signal: AbortSignal): Promise<number> {
    const response = await fetch(`${this.targets.donations}/checkout`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({
        amount: 1000 + n,
        frequency: 'one_off',
        email: `gift-${this.tag}-${n}@example.org`,
      }),
      signal,
    });
    await response.arrayBuffer();
    return response.status;
  }

  private async paidWebhook(n: number, signal: AbortSignal): Promise<number> {
    const amount = 500 + n;
    const session = checkoutSessionObject({
      amountTotal: amount,
      email: `donor-${this.tag}-${n}@example.org`,
      metadata: { frequency: 'one_off', amount: String(amount), fee_amount: '0' },
    });
    const payload = JSON.stringify(stripeEvent('checkout.session.completed', session));
    const response = await fetch(`${this.targets.donations}/webhooks/stripe`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'Stripe-Signature': stripeSignature(payload, this.webhookSecret) },
      body: payload,
      signal,
    });
    await response.arrayBuffer();
    if (response.status === 200) this.acknowledgedSessions.push(String(session.id));
    return response.status;
  }
}
