const ukDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** DD/MM/YYYY in London. */
export const ukDay = (date: Date): string => ukDate.format(date);

const DAY = 24 * 60 * 60 * 1000;

/** HMRC: the donor may cancel an oral declaration within 30 days of the written record being sent. */
export const cancellationWindowEnd = (sentAt: Date): Date => new Date(sentAt.getTime() + 30 * DAY);

/** What a Gift Aid declaration's scope reaches. */
export interface GiftAidScope {
  scope: 'this_gift' | 'supporter_gifts';
  coversFrom: Date | null;
  coversFuture: boolean;
  declaredAt: Date;
}

/**
 * What a Gift Aid declaration covers, in words: the staff console and the donor's written
 * confirmation (the donations app's letter, the mailer's email) say it the same way.
 */
export function giftAidCoverageText(declaration: GiftAidScope): string {
  if (declaration.scope === 'this_gift') return 'the donation it was made for';
  const from = declaration.coversFrom ?? declaration.declaredAt;
  const past = from.getTime() < declaration.declaredAt.getTime() - DAY;
  if (declaration.coversFuture) {
    return past
      ? `donations made since ${ukDay(from)} and all future donations`
      : `donations made from ${ukDay(from)} onwards`;
  }
  return `donations made from ${ukDay(from)} to ${ukDay(declaration.declaredAt)}`;
}
