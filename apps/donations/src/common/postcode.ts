/** `sw1a1aa` or ` SW1A  1AA ` becomes `SW1A 1AA` (HMRC's form); anything else is only trimmed and upper-cased. */
export const normalisePostcode = (postcode: string): string =>
  postcode
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/^(.+)(\d[A-Z]{2})$/, '$1 $2');
