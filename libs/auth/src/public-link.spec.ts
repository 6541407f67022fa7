import { publicLink } from './public-link';

describe('publicLink', () => {
  it.each([
    ['https://crm.example.org', 'https://crm.example.org/unsubscribe?token=a.b'],
    ['https://crm.example.org/', 'https://crm.example.org/unsubscribe?token=a.b'],
    ['https://example.org/crm', 'https://example.org/crm/unsubscribe?token=a.b'],
    ['https://example.org/crm/', 'https://example.org/crm/unsubscribe?token=a.b'],
  ])('keeps the path of %s', (base, expected) => {
    expect(publicLink(base, '/unsubscribe', { token: 'a.b' })).toBe(expected);
  });
});
