import { isoFromUkDate, ukDateProblem, ukFromIsoDate } from '../../apps/console/web/src/format';

/** The console's typed DD/MM/YYYY dates: read as the day a fundraiser means, or said plainly why not. */
describe('typed UK dates', () => {
  it('reads DD/MM/YYYY and D/M/YYYY as the calendar day', () => {
    expect(isoFromUkDate('03/11/2026')).toBe('2026-11-03');
    expect(isoFromUkDate(' 3/11/2026 ')).toBe('2026-11-03');
    expect(isoFromUkDate('29/02/2028')).toBe('2028-02-29');
  });

  it('refuses American order, ISO and days the calendar lacks', () => {
    expect(isoFromUkDate('11/31/2026')).toBeNull();
    expect(isoFromUkDate('2026-11-03')).toBeNull();
    expect(isoFromUkDate('31/02/2026')).toBeNull();
    expect(isoFromUkDate('29/02/2026')).toBeNull();
  });

  it('says there is no such day, or how to write one', () => {
    expect(ukDateProblem('31/02/2026')).toBe('There is no 31/02/2026.');
    expect(ukDateProblem('3 Nov 2026')).toBe('Write the date as DD/MM/YYYY, e.g. 01/12/2026.');
    expect(ukDateProblem('01/12/2026')).toBeUndefined();
  });

  it('writes a stored day back as DD/MM/YYYY', () => {
    expect(ukFromIsoDate('2026-12-01')).toBe('01/12/2026');
  });
});
