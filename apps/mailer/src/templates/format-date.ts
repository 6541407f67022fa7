/** Built once: building an `Intl` formatter costs 40–60 µs, and every receipt shows a date. */
const calendarDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** A calendar date as a reader in the UK expects it in a letter, on London's clock, e.g. `3 March 2026`. */
export const formatDate = (date: Date): string => calendarDate.format(date);
