const formats = new Map<string, Intl.NumberFormat>();

/** Minor units as a person reads them: 123450 → £1,234.50 (en-GB, the currency's own symbol). */
export function formatMoney(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  let format = formats.get(code);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: code });
    formats.set(code, format);
  }
  return format.format(minor / 100);
}

export const formatPounds = (pence: number): string => formatMoney(pence, 'gbp');
