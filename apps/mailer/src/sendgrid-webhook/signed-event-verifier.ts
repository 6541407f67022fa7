import { EventWebhook } from '@sendgrid/eventwebhook';

/** Older signed requests are refused, so a captured request cannot be replayed later. */
const MAX_SIGNATURE_AGE_SECONDS = 10 * 60;

export type VerificationResult = 'valid' | 'bad-signature' | 'stale';

/** Whether the official package can read `publicKey` (checked at boot, so a bad key names its variable). */
export function isVerificationKey(publicKey: string): boolean {
  try {
    new EventWebhook().convertPublicKeyToECDSA(publicKey);
    return true;
  } catch {
    return false;
  }
}

/**
 * SendGrid's signed event webhook: ECDSA (P-256, SHA-256) over `timestamp + raw body`, checked
 * with the official `@sendgrid/eventwebhook` package against the account's verification key.
 */
export class SignedEventVerifier {
  private readonly webhook = new EventWebhook();
  private readonly key: ReturnType<EventWebhook['convertPublicKeyToECDSA']>;

  constructor(publicKey: string) {
    this.key = this.webhook.convertPublicKeyToECDSA(publicKey);
  }

  verify(
    rawBody: Buffer | string,
    signature: string,
    timestamp: string,
    nowSeconds = Date.now() / 1000,
  ): VerificationResult {
    let valid = false;
    try {
      valid = this.webhook.verifySignature(this.key, rawBody, signature, timestamp);
    } catch {
      // A signature that does not even decode is simply not valid.
    }
    if (!valid) return 'bad-signature';
    const age = nowSeconds - Number(timestamp);
    return Number.isFinite(age) && Math.abs(age) <= MAX_SIGNATURE_AGE_SECONDS ? 'valid' : 'stale';
  }
}
