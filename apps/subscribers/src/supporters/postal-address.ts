import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isValid as isUkPostcode, toNormalised } from 'postcode';

/**
 * UK postcodes are parsed and normalised with the `postcode` package (ideal-postcodes), which
 * requires the full outward + inward code; class-validator's `IsPostalCode('GB')` accepts an
 * outward code alone ("SW1A"), which is no address. The package checks the shape only, so the
 * normalised code must also keep the letters each position may hold (BS 7666, as in the UK
 * government's published pattern): never Q, V or X first, I, J or Z second, nor C, I, K, M, O or V
 * in the inward code. Other countries' postcodes are kept as given.
 */
export const UK_COUNTRY = 'GB';

const UK_POSITIONS =
  /^[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]([0-9]|[ABEHMNPRV-Y])?|[0-9][A-HJKPS-UW]) [0-9][ABD-HJLNP-UW-Z]{2}$/;

/** "sw1a1aa" or " SW1A  1AA " → "SW1A 1AA"; null when it is not a UK postcode. */
export function normaliseUkPostcode(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (!isUkPostcode(compact)) return null;
  const normalised = toNormalised(compact);
  return normalised && UK_POSITIONS.test(normalised) ? normalised : null;
}

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
