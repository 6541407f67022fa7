/** HMRC: one aggregated line may total at most £1,000. */
export const AGGREGATE_LINE_MAX = 100_000;

/** HMRC's schedule has at most this many lines; the rest would not be attached to the claim. */
export const SCHEDULE_MAX_LINES = 1_000;

export interface ClaimGift {
  id: string;
  declarationId: string;
  /** Minor units. */
  amount: number;
  paidAt: Date;
}

/** One line of the schedule: a gift alone, or small gifts aggregated. */
export interface ClaimLine {
  number: number;
  aggregated: boolean;
  gifts: ClaimGift[];
}

export interface LineRules {
  /** Gifts of at most this (minor units) may be aggregated; 0 lists every gift alone. */
  aggregateMax: number;
  /** The last day of the charity's accounting period, `MM-DD`. */
  accountingPeriodEnd: string;
}

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The accounting period a gift falls in, named by the year it ends: gifts on the period's last
 * day (London) belong to it, those after to the next.
 */
export function accountingPeriodOf(paidAt: Date, periodEnd: string): number {
  const [year, month, day] = londonDay.format(paidAt).split('-');
  return `${month}-${day}` <= periodEnd ? Number(year) : Number(year) + 1;
}

/**
 * Lays gifts (oldest first) out as schedule lines, as HMRC allows: a gift over `aggregateMax` on
 * a line of its own; smaller ones aggregated (unless alone), each line within one accounting period and at most
 * £1,000. Lines are ordered by their first gift and numbered from 1; only the first 1,000 are
 * kept (an aggregate is never split between claims, the next claim takes the rest).
 */
export function claimLines(gifts: readonly ClaimGift[], rules: LineRules): ClaimLine[] {
  const lines: { first: Date; aggregated: boolean; gifts: ClaimGift[]; total: number }[] = [];
  const open = new Map<number, (typeof lines)[number]>();
  for (const gift of gifts) {
    if (gift.amount > rules.aggregateMax) {
      lines.push({ first: gift.paidAt, aggregated: false, gifts: [gift], total: gift.amount });
      continue;
    }
    const period = accountingPeriodOf(gift.paidAt, rules.accountingPeriodEnd);
    let line = open.get(period);
    if (!line || line.total + gift.amount > AGGREGATE_LINE_MAX) {
      line = { first: gift.paidAt, aggregated: true, gifts: [], total: 0 };
      lines.push(line);
      open.set(period, line);
    }
    line.gifts.push(gift);
    line.total += gift.amount;
  }
  return (
    lines
      .map((line, index) => ({ line, index }))
      .sort((a, b) => a.line.first.getTime() - b.line.first.getTime() || a.index - b.index)
      .slice(0, SCHEDULE_MAX_LINES)
      // A small gift left alone keeps its donor's name: an aggregate is for several gifts.
      .map(({ line }, index) => ({ number: index + 1, aggregated: line.gifts.length > 1, gifts: line.gifts }))
  );
}
