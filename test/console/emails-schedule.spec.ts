import {
  londonOffsetMinutes,
  londonToUtc,
  parseClock,
  parseUkDate,
} from '../../apps/console/web/src/emails/shared/london-time';
import {
  cronToRecurrence,
  describeRecurrence,
  nextClockChange,
  recurrenceToCron,
} from '../../apps/console/web/src/emails/shared/recurrence';

/**
 * The console wizard's UK-time arithmetic (pure, no browser): a London date and time becomes the
 * UTC instant the mailer stores, and "every Monday at 09:00" the UTC cron it runs.
 */
const WINTER = new Date('2027-01-15T12:00:00Z');
const SUMMER = new Date('2027-07-15T12:00:00Z');

describe('London wall time to UTC', () => {
  it.each([
    ['GMT in winter', '2027-01-10', '09:30', '2027-01-10T09:30:00.000Z'],
    ['BST in summer', '2027-07-01', '09:30', '2027-07-01T08:30:00.000Z'],
    ['the day the clocks go forward, after the change', '2027-03-28', '02:00', '2027-03-28T01:00:00.000Z'],
    ['the day the clocks go forward, before the change', '2027-03-28', '00:30', '2027-03-28T00:30:00.000Z'],
    [
      'an hour that happens twice in October: the first (BST) one',
      '2027-10-31',
      '01:30',
      '2027-10-31T00:30:00.000Z',
    ],
    ['the day the clocks go back, after the change', '2027-10-31', '09:00', '2027-10-31T09:00:00.000Z'],
    ['midnight in summer, the evening before in UTC', '2027-06-01', '00:15', '2027-05-31T23:15:00.000Z'],
  ])('%s', (_, date, time, utc) => {
    expect(londonToUtc({ date, time })).toEqual({ instant: new Date(utc) });
  });

  it('refuses a time the clocks skip, an impossible date and a malformed time', () => {
    expect(londonToUtc({ date: '2027-03-28', time: '01:30' })).toEqual({
      error: expect.stringMatching(/does not exist in the UK on that day/),
    });
    expect(londonToUtc({ date: '2027-02-29', time: '09:00' })).toEqual({ error: 'Enter a real date.' });
    expect(londonToUtc({ date: '2027-02-01', time: '25:00' })).toEqual({
      error: expect.stringMatching(/time/),
    });
  });

  it('reads dates day first and times on the 24-hour clock, as typed in the UK', () => {
    expect(parseUkDate('1/7/2027')).toBe('2027-07-01');
    expect(parseUkDate('01/07/2027')).toBe('2027-07-01');
    expect(parseUkDate('2027-07-01')).toBeNull();
    expect(parseClock('9:30')).toBe('09:30');
    expect(parseClock('0930')).toBe('09:30');
    expect(parseClock('18.05')).toBe('18:05');
    expect(parseClock('9:30 PM')).toBeNull();
    expect(parseClock('24:00')).toBeNull();
  });

  it('knows London’s offset and its next change', () => {
    expect(londonOffsetMinutes(WINTER)).toBe(0);
    expect(londonOffsetMinutes(SUMMER)).toBe(60);
    const change = nextClockChange(WINTER)!;
    expect(change.offsetMinutes).toBe(60);
    expect(change.at.toISOString().slice(0, 10)).toBe('2027-03-28');
  });
});

describe('repeating sends as a UTC cron', () => {
  const monday9 = { frequency: 'weekly', weekday: 1, dayOfMonth: 1, time: '09:00' } as const;

  it('says the choice in words', () => {
    expect(describeRecurrence(monday9)).toBe('Every Monday at 09:00');
    expect(describeRecurrence({ ...monday9, frequency: 'daily', time: '18:30' })).toBe('Every day at 18:30');
    expect(describeRecurrence({ ...monday9, frequency: 'monthly', dayOfMonth: 2 })).toBe(
      'On the 2nd of every month at 09:00',
    );
  });

  it('turns UK time into UTC at the offset of the day it is saved, and back', () => {
    expect(recurrenceToCron(monday9, WINTER)).toEqual({ cron: '0 9 * * 1' });
    expect(recurrenceToCron(monday9, SUMMER)).toEqual({ cron: '0 8 * * 1' });
    expect(cronToRecurrence('0 8 * * 1', SUMMER)).toEqual(monday9);
    expect(recurrenceToCron({ ...monday9, frequency: 'monthly', dayOfMonth: 15 }, SUMMER)).toEqual({
      cron: '0 8 15 * *',
    });
  });

  it('moves the day back when UK time after midnight is still the day before in UTC', () => {
    const mondayEarly = { ...monday9, time: '00:30' };
    expect(recurrenceToCron(mondayEarly, SUMMER)).toEqual({ cron: '30 23 * * 0' });
    expect(cronToRecurrence('30 23 * * 0', SUMMER)).toEqual(mondayEarly);
    expect(recurrenceToCron({ ...mondayEarly, frequency: 'monthly', dayOfMonth: 1 }, SUMMER)).toEqual({
      error: expect.stringMatching(/01:00 or later/),
    });
  });

  it('leaves a pattern it did not make as it is', () => {
    expect(cronToRecurrence('0 9 1-7 * 1', WINTER)).toBeNull();
  });
});
