/** Built once per currency: building an `Intl` formatter costs 40–60 µs, formatting with one under a microsecond. */
const moneyFormats = new Map<string, { format: Intl.NumberFormat; exponent: number }>();

function moneyFormat(currency: string): { format: Intl.NumberFormat; exponent: number } {
  const code = currency.toUpperCase();
  let known = moneyFormats.get(code);
  if (!known) {
    const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: code });
    known = { format, exponent: format.resolvedOptions().maximumFractionDigits ?? 2 };
    moneyFormats.set(code, known);
  }
  return known;
}

/**
 * Integer minor units as a person reads them, in en-GB with the currency's own symbol and exponent:
 * `123450, 'gbp'` → `£1,234.50`; `500, 'jpy'` → `JP¥500`.
 */
export function formatMoney(amountMinor: number, currency: string): string {
  const { format, exponent } = moneyFormat(currency);
  return format.format(amountMinor / 10 ** exponent);
}
