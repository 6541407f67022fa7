/**
 * Every money amount, date and time a person reads is formatted here: UK conventions (en-GB),
 * Europe/London time, money from integer minor units and a currency code.
 */
const LOCALE = 'en-GB';
const TIME_ZONE = 'Europe/London';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 123450 + 'gbp' → "£1,234.50". Currencies without minor units (e.g. JPY) are handled by Intl. */
export function money(minorUnits: number, currency = 'gbp'): string {
  const code = currency.toUpperCase();
  let format = moneyFormats.get(code);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: code });
    moneyFormats.set(code, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

/** Whole numbers with thousands separators: 12345 → "12,345". */
export function count(value: number): string {
  return value.toLocaleString(LOCALE);
}

/** A fraction from 0 to 1 as a percentage to one place: 0.2143 → "21.4%". */
export function percent(fraction: number): string {
  return fraction.toLocaleString(LOCALE, { style: 'percent', maximumFractionDigits: 1 });
}

/** "1 person", "3 people"; "1 row", "2 rows". */
export function plural(value: number, one: string, many = `${one}s`): string {
  return `${count(value)} ${value === 1 ? one : many}`;
}

const dateFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const toDate = (value: string | Date): Date => (typeof value === 'string' ? new Date(value) : value);

/** An instant as its London calendar date: "03/05/2026". */
export function date(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  return dateFormat.format(toDate(value));
}

/** An instant as its London date and time: "03/05/2026 14:05". */
export function dateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  const instant = toDate(value);
  return `${dateFormat.format(instant)} ${timeFormat.format(instant)}`;
}

/** An instant as its London time of day: "14:35". */
export function time(value: string | Date): string {
  return timeFormat.format(toDate(value));
}

/** A person's name from its parts, or a fallback when neither is known. */
export function personName(
  firstName: string | null | undefined,
  lastName: string | null | undefined,
  fallback = 'No name',
): string {
  const name = [firstName, lastName].filter((part) => part && part.trim()).join(' ');
  return name || fallback;
}

/** Words for identifiers that may reach a screen: "website-form" → "website form". */
export function words(identifier: string): string {
  return identifier.replace(/[-_]+/g, ' ').trim();
}

/** "6/12/2026" or "06/12/2026" → "2026-12-06" when it is a real calendar day, else null. */
export function isoFromUkDate(typed: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "2026-12-06" → "06/12/2026", for a date field's starting text. */
export function ukFromIsoDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return year && month && day ? `${day}/${month}/${year}` : iso;
}

/** What is wrong with a typed DD/MM/YYYY date, or undefined: "There is no 31/02/2026" for a day the calendar lacks. */
export function ukDateProblem(typed: string): string | undefined {
  if (isoFromUkDate(typed)) return undefined;
  return /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(typed.trim())
    ? `There is no ${typed.trim()}.`
    : 'Write the date as DD/MM/YYYY, e.g. 01/12/2026.';
}
