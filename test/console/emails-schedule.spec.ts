import {
  londonOffsetMinutes,
  londonToUtc,
  parseClock,
  parseUkDate,
} from '../../apps/console/web/src/emails/shared/london-time';
import {
  cronToRecurrence,
  describeCron,
  describeRecurrence,
  recurrenceToCron,
} from '../../apps/console/web/src/emails/shared/recurrence';

/**
 * The console wizard's UK-time arithmetic (pure, no browser): a London date and time becomes the
 * UTC instant the mailer stores, and "every Monday at 09:00" the cron the mailer runs on UK time.
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

  it('knows London’s offset in winter and summer', () => {
    expect(londonOffsetMinutes(WINTER)).toBe(0);
    expect(londonOffsetMinutes(SUMMER)).toBe(60);
  });
});

describe('repeating sends as a UK-time cron', () => {
  const monday9 = { frequency: 'weekly', weekday: 1, dayOfMonth: 1, time: '09:00' } as const;

  it('says the choice in words', () => {
    expect(describeRecurrence(monday9)).toBe('Every Monday at 09:00');
    expect(describeRecurrence({ ...monday9, frequency: 'daily', time: '18:30' })).toBe('Every day at 18:30');
    expect(describeRecurrence({ ...monday9, frequency: 'monthly', dayOfMonth: 2 })).toBe(
      'On the 2nd of every month at 09:00',
    );
  });

  it('sends the UK time as it is chosen, whatever the clocks say today, and reads it back', () => {
    // The mailer reads the pattern on UK time, so it no longer depends on the day it is saved.
    expect(recurrenceToCron(monday9)).toEqual({ cron: '0 9 * * 1' });
    expect(cronToRecurrence('0 9 * * 1')).toEqual(monday9);
    expect(recurrenceToCron({ ...monday9, frequency: 'daily', time: '18:30' })).toEqual({
      cron: '30 18 * * *',
    });
    expect(recurrenceToCron({ ...monday9, frequency: 'monthly', dayOfMonth: 15 })).toEqual({
      cron: '0 9 15 * *',
    });
    expect(cronToRecurrence('0 9 15 * *')).toEqual({ ...monday9, frequency: 'monthly', dayOfMonth: 15 });
  });

  it('keeps a time just after midnight on the day chosen, the 1st of the month included', () => {
    const mondayEarly = { ...monday9, time: '00:30' };
    expect(recurrenceToCron(mondayEarly)).toEqual({ cron: '30 0 * * 1' });
    expect(cronToRecurrence('30 0 * * 1')).toEqual(mondayEarly);
    expect(recurrenceToCron({ ...mondayEarly, frequency: 'monthly', dayOfMonth: 1 })).toEqual({
      cron: '30 0 1 * *',
    });
  });

  it('refuses a time that is not on the 24-hour clock', () => {
    expect(recurrenceToCron({ ...monday9, time: '9am' })).toEqual({ error: 'Enter a time, such as 09:00.' });
  });

  it('leaves a pattern it did not make as it is', () => {
    expect(cronToRecurrence('0 9 1-7 * 1')).toBeNull();
    expect(cronToRecurrence('0 9 31 * *')).toBeNull();
    expect(describeCron('0 9 1-7 * 1')).toBe('Repeats on the schedule “0 9 1-7 * 1”');
    expect(describeCron('0 7 * * 0')).toBe('Every Sunday at 07:00');
  });
});
