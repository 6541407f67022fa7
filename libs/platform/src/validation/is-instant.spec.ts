import { isInstantText } from './is-instant';

describe('isInstantText', () => {
  it.each([
    '2026-12-01',
    '2026-12-01T09:30Z',
    '2026-12-01T09:30',
    '2026-12-01T09:30:15+01:00',
    '2026-12-01T09:30:15.123456Z',
    '2026-12-01T09:30:15.1234567Z',
    '2026-12-01 09:30:15',
    '2024-03-01T10:15:00.000+0000',
    '2026-12-01T09:30+01',
    '2026-12-01t09:30z',
    '0001-01-01',
  ])('takes %s', (text) => expect(isInstantText(text)).toBe(true));

  it.each([
    '2024',
    '2024-05',
    '2024-W01',
    '2024-01-01T10',
    '2024-01-01T24:00',
    '2024-01-01T10:60',
    '2024-02-30',
    '2024-13-01',
    '0000-01-01',
    '+010000-01-01',
    'yesterday',
    '',
  ])('refuses %s, which PostgreSQL would refuse or misread', (text) =>
    expect(isInstantText(text)).toBe(false),
  );
});
