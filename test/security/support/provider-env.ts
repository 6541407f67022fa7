import { FakeSendGrid, FakeStripe, SendGridWebhookSigner } from '@crm/testing';

export const STRIPE_WEBHOOK_SECRET = 'whsec_test_security_0123456789abcdef';

/** The fake Stripe and SendGrid servers and webhook keys all three apps are pointed at. */
export class FakeProviders {
  readonly stripe = new FakeStripe();
  readonly sendgrid = new FakeSendGrid();
  readonly sendgridSigner = new SendGridWebhookSigner();

  static async start(): Promise<FakeProviders> {
    const providers = new FakeProviders();
    await Promise.all([providers.stripe.start(), providers.sendgrid.start()]);
    return providers;
  }

  env(): Record<string, string> {
    return {
      ...this.stripe.env(STRIPE_WEBHOOK_SECRET),
      ...this.sendgrid.env(),
      SENDGRID_WEBHOOK_PUBLIC_KEY: this.sendgridSigner.publicKey,
      // Every request comes from one address: without this, checkout's per-IP limit would answer 429
      // after ten bodies and the rest would never reach validation.
      CHECKOUT_IP_LIMIT: '100000',
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.stripe.stop(), this.sendgrid.stop()]);
  }
}
