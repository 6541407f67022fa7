import { stripeSignature } from '@crm/testing';

export interface SendOutcome {
  delivered: number;
  refused: string[];
  attempts: number;
  statuses: Record<string, number>;
}

/**
 * Delivers webhook events the way Stripe does: each is retried with growing delays until it gets a
 * 2xx, whatever went wrong (a 503, a refused connection, a timeout). A 400 is final: Stripe would
 * retry it too, but it means the signature or body is wrong, which no retry fixes.
 */
export class StripeLikeSender {
  private readonly outcome: SendOutcome = { delivered: 0, refused: [], attempts: 0, statuses: {} };

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly giveUpAfterMs: number,
  ) {}

  async deliverAll(payloads: readonly string[], concurrency: number): Promise<SendOutcome> {
    const queue = [...payloads];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await this.deliver(next);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return this.outcome;
  }

  private async deliver(payload: string): Promise<void> {
    const deadline = Date.now() + this.giveUpAfterMs;
    for (let attempt = 0; ; attempt += 1) {
      this.outcome.attempts += 1;
      const status = await this.post(payload);
      this.outcome.statuses[status] = (this.outcome.statuses[status] ?? 0) + 1;
      if (typeof status === 'number' && status >= 200 && status < 300) {
        this.outcome.delivered += 1;
        return;
      }
      if (status === 400 || Date.now() > deadline) {
        this.outcome.refused.push(`${status}: ${payload.slice(0, 60)}`);
        return;
      }
      const backoff = Math.min(2_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, backoff));
    }
  }

  private async post(payload: string): Promise<number | 'network'> {
    try {
      const response = await fetch(`${this.url}/webhooks/stripe`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Stripe-Signature': stripeSignature(payload, this.secret),
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'network';
    }
  }
}
