/** `1250, 'gbp'` → `£12.50`; respects currencies without minor units (`500, 'jpy'` → `¥500`). */
export function formatMoney(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.toUpperCase() });
  const exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** exponent);
}

/** A calendar date as a reader in the UK expects it, e.g. `3 March 2026`. */
export const formatDate = (date: Date): string =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
