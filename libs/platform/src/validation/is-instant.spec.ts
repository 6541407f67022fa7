import { isInstantText } from './is-instant';

describe('isInstantText', () => {
  it.each([
    '2026-12-01',
    '2026-12-01T09:30Z',
    '2026-12-01T09:30',
    '2026-12-01T09:30:15+01:00',
    '2026-12-01T09:30:15.123456Z',
    '0001-01-01',
  ])('takes %s', (text) => expect(isInstantText(text)).toBe(true));

  it.each([
    '2024',
    '2024-05',
    '2024-W01',
    '2024-01-01T10',
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
