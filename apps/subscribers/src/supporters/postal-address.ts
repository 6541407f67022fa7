import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isValid as isUkPostcode, toNormalised } from 'postcode';

/**
 * UK postcodes are checked with the `postcode` package (ideal-postcodes), which implements the
 * full outward + inward format of the Royal Mail/ONS specification and normalises the spacing;
 * class-validator's `IsPostalCode('GB')` accepts an outward code alone ("SW1A"), which is no
 * address. Other countries' postcodes are kept as given.
 */
export const UK_COUNTRY = 'GB';

/** "sw1a1aa" → "SW1A 1AA"; null when it is not a UK postcode. */
export const normaliseUkPostcode = (text: string): string | null =>
  isUkPostcode(text) ? toNormalised(text) : null;

/** The postcode as stored: normalised for a GB address, trimmed otherwise. */
export const storedPostcode = (postcode: string | null | undefined, country: string): string | null => {
  const trimmed = postcode?.trim() ?? '';
  if (!trimmed) return null;
  return country === UK_COUNTRY ? normaliseUkPostcode(trimmed) : trimmed;
};

/**
 * A phone number in E.164 ("+447911123456"), read as a UK number unless it starts with "+"; null
 * when it is not a valid number. E.164 makes "07911 123456" and "+44 7911 123456" the same number
 * when looking for duplicates.
 */
export function phoneE164(text: string): string | null {
  const parsed = parsePhoneNumberFromString(text.trim(), UK_COUNTRY);
  return parsed?.isValid() ? parsed.number : null;
}
