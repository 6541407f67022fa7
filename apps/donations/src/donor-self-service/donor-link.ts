import { publicLink, signLinkToken, verifyLinkToken } from '@crm/auth';

/**
 * Links that let a donor manage a monthly gift without an account, signed under APP_SECRET.
 *
 * - The manage link, in every receipt: names the gift, the gift's link version and when it was
 *   made. It works for MANAGE_LINK_MAX_AGE_SECONDS, and only while the gift is at that version:
 *   each change made through a link, and the donor's erasure, moves the version on. It can lower
 *   the amount or cancel; it cannot raise the amount.
 * - The increase link, emailed to the donor's address when a raise is asked for through a manage
 *   link: names the gift, the version, the new amount and its issue time, works for
 *   INCREASE_LINK_MAX_AGE_SECONDS, does only that raise, and once (the raise moves the version on).
 */
const MANAGE_PURPOSE = 'donor-recurring-v2';
const INCREASE_PURPOSE = 'donor-recurring-increase';
const DAY_SECONDS = 86_400;
export const MANAGE_LINK_MAX_AGE_SECONDS = 90 * DAY_SECONDS;
export const INCREASE_LINK_MAX_AGE_SECONDS = 2 * DAY_SECONDS;
/** Clocks of the machines that made and check a link may differ this much. */
const CLOCK_SKEW_SECONDS = 300;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COUNT = /^[1-9]\d{0,11}$/;

export interface ManageLink {
  kind: 'manage';
  recurringDonationId: string;
  version: number;
  issuedAt: number;
}

export interface IncreaseLink {
  kind: 'increase';
  recurringDonationId: string;
  version: number;
  issuedAt: number;
  /** The new monthly amount, minor units. */
  amount: number;
}

export type DonorLink = ManageLink | IncreaseLink;

/** What a token is: a current-format link (whose age and version the caller checks), an old one, or nothing. */
export type DonorTokenReading = DonorLink | { kind: 'superseded' } | { kind: 'invalid' };

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function signManageToken(
  secret: string,
  link: { recurringDonationId: string; version: number },
  issuedAt = nowSeconds(),
): string {
  return signLinkToken(secret, MANAGE_PURPOSE, [
    link.recurringDonationId.toLowerCase(),
    String(link.version),
    String(issuedAt),
  ]);
}

export function signIncreaseToken(
  secret: string,
  link: { recurringDonationId: string; version: number; amount: number },
  issuedAt = nowSeconds(),
): string {
  return signLinkToken(secret, INCREASE_PURPOSE, [
    link.recurringDonationId.toLowerCase(),
    String(link.version),
    String(issuedAt),
    String(link.amount),
  ]);
}

/**
 * The link a token is. A link of the first format (gift id and signature only, no version or issue
 * time) is `superseded`: it can no longer be used, and the donor is told a new one comes with the
 * next receipt.
 */
export function readDonorToken(secret: string, token: string): DonorTokenReading {
  const manage = verifyLinkToken(secret, MANAGE_PURPOSE, token, 3);
  if (manage) {
    const [id, version, issuedAt] = manage as [string, string, string];
    if (UUID.test(id) && COUNT.test(version) && COUNT.test(issuedAt)) {
      return {
        kind: 'manage',
        recurringDonationId: id,
        version: Number(version),
        issuedAt: Number(issuedAt),
      };
    }
    return { kind: 'invalid' };
  }
  const increase = verifyLinkToken(secret, INCREASE_PURPOSE, token, 4);
  if (increase) {
    const [id, version, issuedAt, amount] = increase as [string, string, string, string];
    if (UUID.test(id) && COUNT.test(version) && COUNT.test(issuedAt) && COUNT.test(amount)) {
      return {
        kind: 'increase',
        recurringDonationId: id,
        version: Number(version),
        issuedAt: Number(issuedAt),
        amount: Number(amount),
      };
    }
    return { kind: 'invalid' };
  }
  return isFirstFormatToken(secret, token) ? { kind: 'superseded' } : { kind: 'invalid' };
}

/** Whether the link's issue time is within its lifetime (and not from the future). */
export function isFresh(link: DonorLink, now = nowSeconds()): boolean {
  const maxAge = link.kind === 'manage' ? MANAGE_LINK_MAX_AGE_SECONDS : INCREASE_LINK_MAX_AGE_SECONDS;
  return link.issuedAt <= now + CLOCK_SKEW_SECONDS && now - link.issuedAt <= maxAge;
}

export function donorManageUrl(
  publicUrl: string,
  secret: string,
  link: { recurringDonationId: string; version: number },
): string {
  return publicLink(publicUrl, '/donor/recurring', { token: signManageToken(secret, link) });
}

export function donorIncreaseUrl(
  publicUrl: string,
  secret: string,
  link: { recurringDonationId: string; version: number; amount: number },
): string {
  return publicLink(publicUrl, '/donor/recurring', { token: signIncreaseToken(secret, link) });
}

/**
 * `<gift id>.<HMAC of "donor-recurring:<gift id>">`, the links in receipts sent before links
 * expired: the same signature as a one-part link token signed for `donor-recurring`.
 */
const FIRST_FORMAT_PURPOSE = 'donor-recurring';

function isFirstFormatToken(secret: string, token: string): boolean {
  const [id] = verifyLinkToken(secret, FIRST_FORMAT_PURPOSE, token, 1) ?? [];
  return id !== undefined && UUID.test(id);
}
