import fc from 'fast-check';
import { accountingPeriodOf } from './claim-lines';
import { accountingPeriodEndsAt, claimableSince, claimDeadline } from './claim-time-limit';

describe("HMRC's time limit on Gift Aid claims", () => {
  it('ends an accounting period at midnight in London after its last day', () => {
    // 1 April is in British Summer Time (23:00 UTC the day before); 1 January is not.
    expect(accountingPeriodEndsAt(2026, '03-31').toISOString()).toBe('2026-03-31T23:00:00.000Z');
    expect(accountingPeriodEndsAt(2026, '12-31').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    // A trust's tax year ends on 5 April.
    expect(accountingPeriodEndsAt(2024, '04-05').toISOString()).toBe('2024-04-05T23:00:00.000Z');
    // 29 February outside a leap year: the period ends with February.
    expect(accountingPeriodEndsAt(2027, '02-29').toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(accountingPeriodEndsAt(2028, '02-29').toISOString()).toBe('2028-03-01T00:00:00.000Z');
  });

  it("gives the last day to claim as 4 years after the end of the gift's accounting period (published examples)", () => {
    // A parish (calendar year): a gift of October 2015 can be claimed up to 31 December 2019.
    expect(claimDeadline(new Date('2015-10-07T12:00:00Z'), '12-31')).toBe('2019-12-31');
    // A trust (tax year to 5 April): a gift of June 2019 must be claimed by 5 April 2024.
    expect(claimDeadline(new Date('2019-06-01T11:00:00Z'), '04-05')).toBe('2024-04-05');
    // Year to 31 March: 00:30 on 1 April (London) is the next period, so one more year.
    expect(claimDeadline(new Date('2022-03-31T22:59:00Z'), '03-31')).toBe('2026-03-31');
    expect(claimDeadline(new Date('2022-03-31T23:30:00Z'), '03-31')).toBe('2027-03-31');
  });

  it('reaches back over the current accounting period and the 4 before it', () => {
    expect(claimableSince('12-31', new Date('2019-12-31T12:00:00Z')).toISOString()).toBe(
      '2015-01-01T00:00:00.000Z',
    );
    // The next day the October 2015 gift is past the limit.
    expect(claimableSince('12-31', new Date('2020-01-01T12:00:00Z')).toISOString()).toBe(
      '2016-01-01T00:00:00.000Z',
    );
    expect(claimableSince('03-31', new Date('2026-12-07T04:00:00Z')).toISOString()).toBe(
      '2022-03-31T23:00:00.000Z',
    );
  });

  it('agrees with the deadline: a gift is claimable now exactly when its last day to claim is today or later', () => {
    const day = (at: Date): string =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
    const instant = fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z') });
    const periodEnd = fc.constantFrom('03-31', '12-31', '04-05', '06-30', '02-29', '09-30');
    fc.assert(
      fc.property(instant, instant, periodEnd, (paidAt, now, end) => {
        fc.pre(paidAt <= now && !Number.isNaN(paidAt.getTime()) && !Number.isNaN(now.getTime()));
        const claimable = paidAt >= claimableSince(end, now);
        expect(claimable).toBe(claimDeadline(paidAt, end) >= day(now));
        // The earliest claimable instant is the first of an accounting period.
        const since = claimableSince(end, now);
        expect(accountingPeriodOf(new Date(since.getTime() - 1), end)).toBe(
          accountingPeriodOf(since, end) - 1,
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
