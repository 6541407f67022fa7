import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { type RecordedRequest, RecordingServer } from './recording-server';

const stripeId = (prefix: string): string => `${prefix}_test_${randomBytes(12).toString('hex')}`;

/** Stripe sends form-encoded bodies (`line_items[0][price_data][unit_amount]=500`). */
export const stripeForm = (request: RecordedRequest): URLSearchParams => new URLSearchParams(request.rawBody);

/**
 * A local stand-in for the Stripe API: creates and reads Checkout Sessions, updates or cancels
 * subscriptions, recording every request (with its Idempotency-Key header).
 */
export class FakeStripe extends RecordingServer {
  static readonly SECRET_KEY = 'sk_test_fake_0123456789';

  /** Sessions created, by id, as GET /v1/checkout/sessions/:id answers them. */
  private readonly sessions = new Map<string, Record<string, unknown>>();

  constructor() {
    super({
      'POST /v1/checkout/sessions': (request) => {
        const form = stripeForm(request);
        const id = stripeId('cs');
        const metadata = Object.fromEntries(
          [...form].flatMap(([key, value]) => {
            const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
            return name ? [[name, value]] : [];
          }),
        );
        const session = {
          id,
          object: 'checkout.session',
          url: `https://checkout.stripe.com/c/pay/${id}`,
          mode: form.get('mode'),
          status: 'open',
          payment_status: 'unpaid',
          amount_total: Number(form.get('line_items[0][price_data][unit_amount]') ?? 0),
          currency: form.get('line_items[0][price_data][currency]'),
          customer_details: null,
          metadata,
        };
        this.sessions.set(id, session);
        return { status: 200, body: session };
      },
      'GET /v1/checkout/sessions/:id': (request) => {
        const session = this.sessions.get(request.path.split('/').pop() ?? '');
        return session
          ? { status: 200, body: session }
          : {
              status: 404,
              body: {
                error: {
                  type: 'invalid_request_error',
                  code: 'resource_missing',
                  message: 'No such session',
                },
              },
            };
      },
      'POST /v1/subscriptions/:id': (request) => ({
        status: 200,
        body: { id: request.path.split('/').pop(), object: 'subscription', status: 'active' },
      }),
      'GET /v1/subscriptions/:id': (request) => ({
        status: 200,
        body: {
          id: request.path.split('/').pop(),
          object: 'subscription',
          status: 'active',
          items: {
            object: 'list',
            data: [
              {
                id: 'si_test_1',
                quantity: 1,
                price: { id: 'price_test_1', product: 'prod_test_1', currency: 'gbp', unit_amount: 1000 },
              },
            ],
          },
        },
      }),
      'DELETE /v1/subscriptions/:id': (request) => ({
        status: 200,
        body: { id: request.path.split('/').pop(), object: 'subscription', status: 'canceled' },
      }),
    });
  }

  /** The donor paid: the session reads as Stripe answers a completed one. */
  completeSession(id: string, customer: { name?: string; email?: string } = {}): void {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`FakeStripe has no session ${id}`);
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      customer_details: { name: customer.name ?? null, email: customer.email ?? null },
    });
  }

  /** Environment pointing the donations app's Stripe SDK at this server. */
  env(webhookSecret: string): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: FakeStripe.SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_URL: this.url,
    };
  }
}

/** Signs a webhook body exactly as Stripe does, for the `Stripe-Signature` header. */
export function stripeSignature(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
