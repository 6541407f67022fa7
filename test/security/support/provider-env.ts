import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { FakeSendGrid, FakeStripe } from '@crm/testing';

export const STRIPE_WEBHOOK_SECRET = 'whsec_test_security_0123456789abcdef';

/** An ECDSA P-256 key pair as SendGrid's signed event webhook uses; the public half is what the mailer is given. */
export class SendGridWebhookKeys {
  private readonly privateKey: KeyObject;
  readonly publicKeyBase64: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = privateKey;
    this.publicKeyBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  /** The two headers SendGrid sends with a signed event batch. */
  sign(payload: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
    const signer = createSign('sha256');
    signer.update(timestamp + payload);
    return {
      'X-Twilio-Email-Event-Webhook-Signature': signer.sign(this.privateKey).toString('base64'),
      'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
    };
  }
}

/** The fake Stripe and SendGrid servers and webhook keys all three apps are pointed at. */
export class FakeProviders {
  readonly stripe = new FakeStripe();
  readonly sendgrid = new FakeSendGrid();
  readonly sendgridKeys = new SendGridWebhookKeys();

  static async start(): Promise<FakeProviders> {
    const providers = new FakeProviders();
    await Promise.all([providers.stripe.start(), providers.sendgrid.start()]);
    return providers;
  }

  env(): Record<string, string> {
    return {
      ...this.stripe.env(STRIPE_WEBHOOK_SECRET),
      ...this.sendgrid.env(),
      SENDGRID_WEBHOOK_PUBLIC_KEY: this.sendgridKeys.publicKeyBase64,
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.stripe.stop(), this.sendgrid.stop()]);
  }
}
