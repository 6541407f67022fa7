import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { HmacSha256Key } from './hmac-sha256';
import { publicLink } from './public-link';

/**
 * One-click unsubscribe links (RFC 8058). The token names the supporter and carries an
 * HMAC-SHA256 of that id under APP_SECRET, so it cannot be forged or altered, and it does not
 * expire: a link in a years-old email must still work.
 */
const UNSUBSCRIBE_PURPOSE = 'unsubscribe';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A part of a signed token: it is joined with dots, so it holds none. */
const TOKEN_PART = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * APP_SECRET as a key object, made once: an HMAC keyed by the string imports the key again each
 * time, which was a third of signing a campaign recipient's two links. Same bytes (UTF-8), same MAC.
 */
let lastKey: { secret: string; key: KeyObject } | null = null;
const keyOf = (secret: string): KeyObject => {
  if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return lastKey.key;
};

const signature = (secret: string, purpose: string, parts: readonly string[]): Buffer =>
  createHmac('sha256', keyOf(secret))
    .update(`${purpose}:${parts.join(':')}`)
    .digest();

/**
 * A token `part.part….signature` whose HMAC-SHA256 under APP_SECRET covers its purpose and every
 * part, so a token made for one purpose is worthless for another and no part can be altered.
 * What the parts mean (a subject, a version, an issue time) and whether it is still current is
 * for the caller to decide.
 */
export function signLinkToken(secret: string, purpose: string, parts: readonly string[]): string {
  if (!parts.every((part) => TOKEN_PART.test(part))) {
    throw new Error('A signed link token part must be 1-64 letters, digits, - or _');
  }
  return `${parts.join('.')}.${signature(secret, purpose, parts).toString('base64url')}`;
}

/** The parts of a token signed for `purpose` with `partCount` parts, or null when it is malformed, altered or forged. */
export function verifyLinkToken(
  secret: string,
  purpose: string,
  token: string,
  partCount: number,
): string[] | null {
  const pieces = token.split('.');
  if (pieces.length !== partCount + 1) return null;
  const signed = pieces.pop()!;
  if (!pieces.every((part) => TOKEN_PART.test(part)) || !signed) return null;
  const expected = signature(secret, purpose, pieces);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || given.toString('base64url') !== signed) return null;
  return timingSafeEqual(given, expected) ? pieces : null;
}

export function signUnsubscribeToken(secret: string, supporterId: string): string {
  return signLinkToken(secret, UNSUBSCRIBE_PURPOSE, [supporterId.toLowerCase()]);
}

/** The supporter id the token was signed for, or null when it is malformed, altered or forged. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [id] = verifyLinkToken(secret, UNSUBSCRIBE_PURPOSE, token, 1) ?? [];
  return id !== undefined && UUID.test(id) ? id : null;
}

/** The token of the unsubscribe link in a campaign's test send: it unsubscribes nobody. */
export const TEST_SEND_UNSUBSCRIBE_TOKEN = 'test-send';

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return publicLink(publicUrl, '/unsubscribe', { token });
}

/**
 * Preference-centre links (beside unsubscribe in every email). Unlike unsubscribe, the page shows
 * and changes a name, so the token carries its issue time and stops working after
 * PREFERENCES_LINK_LIFETIME_DAYS; every newer email brings a fresh one.
 */
const PREFERENCES_PURPOSE = 'preferences';
export const PREFERENCES_LINK_LIFETIME_DAYS = 180;
const DAY_MS = 86_400_000;

export function signPreferencesToken(
  secret: string,
  supporterId: string,
  issuedAt: Date = new Date(),
): string {
  const seconds = Math.floor(issuedAt.getTime() / 1000).toString(36);
  return signLinkToken(secret, PREFERENCES_PURPOSE, [supporterId.toLowerCase(), seconds]);
}

/** Why a preferences token is refused, or the supporter id it names. */
export type PreferencesTokenCheck = { supporterId: string } | { refused: 'invalid' | 'expired' };

export function verifyPreferencesToken(
  secret: string,
  token: string,
  now: Date = new Date(),
): PreferencesTokenCheck {
  const [id, seconds] = verifyLinkToken(secret, PREFERENCES_PURPOSE, token, 2) ?? [];
  if (id === undefined || seconds === undefined || !UUID.test(id) || !/^[0-9a-z]{1,12}$/.test(seconds))
    return { refused: 'invalid' };
  const issuedAt = parseInt(seconds, 36) * 1000;
  if (issuedAt > now.getTime() + DAY_MS) return { refused: 'invalid' };
  if (now.getTime() - issuedAt > PREFERENCES_LINK_LIFETIME_DAYS * DAY_MS) return { refused: 'expired' };
  return { supporterId: id };
}

/**
 * The unsubscribe and preferences tokens of many recipients under one secret and one issue time
 * (a campaign batch): byte for byte what signUnsubscribeToken and signPreferencesToken answer, so
 * the same verify functions accept them, at half the CPU (see HmacSha256Key). The key's pad blocks
 * are hashed once per signer.
 */
export class RecipientLinkSigner {
  private readonly key: HmacSha256Key;
  private readonly seconds: string;

  constructor(secret: string, issuedAt: Date = new Date()) {
    this.key = new HmacSha256Key(Buffer.from(secret, 'utf8'));
    this.seconds = Math.floor(issuedAt.getTime() / 1000).toString(36);
  }

  unsubscribeToken(supporterId: string): string {
    const id = tokenPart(supporterId.toLowerCase());
    return `${id}.${this.key.macAscii(`${UNSUBSCRIBE_PURPOSE}:${id}`)}`;
  }

  preferencesToken(supporterId: string): string {
    const id = tokenPart(supporterId.toLowerCase());
    return `${id}.${this.seconds}.${this.key.macAscii(`${PREFERENCES_PURPOSE}:${id}:${this.seconds}`)}`;
  }
}

/** `part` if signLinkToken would take it (so it is ASCII), else signLinkToken's error. */
function tokenPart(part: string): string {
  if (!TOKEN_PART.test(part))
    throw new Error('A signed link token part must be 1-64 letters, digits, - or _');
  return part;
}

export function preferencesUrl(publicUrl: string, token: string): string {
  return publicLink(publicUrl, '/preferences', { token });
}
