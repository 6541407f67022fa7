import type { GiftAidDeclarationDto } from '../checkout/dto/gift-aid-declaration.dto';

/**
 * A Gift Aid declaration made at checkout travels in the Checkout Session's own metadata and is
 * stored only once the session is paid: a checkout that is never paid leaves no declaration (and
 * no invented name and address) behind. Only the session carries it, not its payment or
 * subscription, so the address is copied to as few Stripe objects as possible.
 */
const KEYS = {
  title: 'gift_aid_title',
  firstName: 'gift_aid_first_name',
  lastName: 'gift_aid_last_name',
  houseNameOrNumber: 'gift_aid_house',
  postcode: 'gift_aid_postcode',
  wordingVersion: 'gift_aid_wording',
} as const;

/** The metadata keys that carry the declaration (the donor's name and address): erasure scrubs them. */
export const DECLARATION_METADATA_KEYS: readonly string[] = Object.values(KEYS);

export interface PaidDeclaration {
  title: string | null;
  firstName: string;
  lastName: string;
  houseNameOrNumber: string;
  postcode: string;
  wordingVersion: string;
}

export function declarationMetadata(
  giftAid: GiftAidDeclarationDto,
  wordingVersion: string,
): Record<string, string> {
  return {
    ...(giftAid.title ? { [KEYS.title]: giftAid.title } : {}),
    [KEYS.firstName]: giftAid.firstName,
    [KEYS.lastName]: giftAid.lastName,
    [KEYS.houseNameOrNumber]: giftAid.houseNameOrNumber,
    [KEYS.postcode]: giftAid.postcode,
    [KEYS.wordingVersion]: giftAid.wordingVersion ?? wordingVersion,
  };
}

/** The declaration a paid session's metadata carries, or null when it carries none (or not all of one). */
export function declarationFromMetadata(
  meta: Record<string, string> | null | undefined,
): PaidDeclaration | null {
  if (meta?.gift_aid !== 'true') return null;
  const value = (key: string): string | null => {
    const text = meta[key]?.trim();
    return text ? text : null;
  };
  const firstName = value(KEYS.firstName);
  const lastName = value(KEYS.lastName);
  const houseNameOrNumber = value(KEYS.houseNameOrNumber);
  const postcode = value(KEYS.postcode);
  const wordingVersion = value(KEYS.wordingVersion);
  if (!firstName || !lastName || !houseNameOrNumber || !postcode || !wordingVersion) return null;
  return { title: value(KEYS.title), firstName, lastName, houseNameOrNumber, postcode, wordingVersion };
}
