/** HMRC: a declaration may cover gifts made in the 4 years before it. */
export const earliestCoverable = (declaredAt: Date): Date => {
  const earliest = new Date(declaredAt);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - 4);
  return earliest;
};

const londonHourOf = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** Midnight in London at the start of a `YYYY-MM-DD` day (a date-time is taken as given). */
export function londonStart(text: string, parsed: Date): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return parsed;
  const londonHour = Number(londonHourOf.format(parsed));
  return new Date(parsed.getTime() - londonHour * 60 * 60 * 1000);
}
