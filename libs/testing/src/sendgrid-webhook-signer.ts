import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/**
 * Signs event webhook bodies the way SendGrid does: ECDSA P-256 with SHA-256 over
 * `timestamp + body`, DER signature in base64, public key as base64 DER (SubjectPublicKeyInfo),
 * which is the form SendGrid's dashboard shows and `SENDGRID_WEBHOOK_PUBLIC_KEY` takes.
 */
export class SendGridWebhookSigner {
  readonly publicKey: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  /** `timestamp` in epoch seconds; defaults to now. */
  sign(events: unknown[] | string, timestamp = Math.floor(Date.now() / 1000)): SignedWebhook {
    const body = typeof events === 'string' ? events : JSON.stringify(events);
    const signature = sign('sha256', Buffer.from(`${timestamp}${body}`), this.privateKey).toString('base64');
    return {
      body,
      headers: {
        'Content-Type': 'application/json',
        'X-Twilio-Email-Event-Webhook-Signature': signature,
        'X-Twilio-Email-Event-Webhook-Timestamp': String(timestamp),
      },
    };
  }
}
