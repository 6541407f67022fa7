import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { toString as qrCodeString } from 'qrcode';

/**
 * TOTP second factor (RFC 6238, 6 digits, 30 s, as authenticator apps expect). The shared secret
 * is stored encrypted with AES-256-GCM under a key derived from APP_SECRET, so a copy of the
 * database alone does not give the codes away.
 */
export class TotpSecrets {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', appSecret, 'supporter-crm', 'staff-totp-secret', 32));
  }

  generate(): string {
    return generateSecret();
  }

  /** `v1.iv.tag.ciphertext`, each part base64url. */
  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', ...[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url'))].join('.');
  }

  open(stored: string): string {
    const [version, iv, tag, sealed] = stored.split('.');
    if (version !== 'v1' || !iv || !tag || !sealed) throw new Error('Unreadable TOTP secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

export const otpauthUrl = (secret: string, account: string, issuer: string): string =>
  generateURI({ issuer, label: account, secret });

/** How the QR code is drawn; exported so a test can draw the same one. */
export const QR_CODE_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 } as const;

/**
 * The otpauth URL as a QR code for an authenticator app to scan: an SVG image in a `data:` URL, so
 * the browser shows it with a plain `<img>` (no script runs in it) and no QR library ships in the SPA.
 */
export async function otpauthQrCode(url: string): Promise<string> {
  const svg = await qrCodeString(url, QR_CODE_OPTIONS);
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/**
 * The time step a code belongs to when it is right now (one step of clock drift either way),
 * later than the last step used, so a code seen once cannot be replayed; null otherwise.
 */
export async function acceptedTotpStep(
  secret: string,
  code: string,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
