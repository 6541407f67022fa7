import { loadDonationsConfig } from './donations.config';

const secret = 'x'.repeat(32);

describe('loadDonationsConfig', () => {
  it('links donors to this app on its own port unless DONATIONS_PUBLIC_URL says otherwise', () => {
    expect(loadDonationsConfig({ APP_SECRET: secret, DONATIONS_PORT: '4101' }).DONATIONS_PUBLIC_URL).toBe(
      'http://localhost:4101',
    );
    expect(
      loadDonationsConfig({
        APP_SECRET: secret,
        DONATIONS_PORT: '4101',
        DONATIONS_PUBLIC_URL: 'https://give.example.org',
      }).DONATIONS_PUBLIC_URL,
    ).toBe('https://give.example.org');
  });

  it('reads EMBED_ORIGINS as origins and refuses anything else', () => {
    expect(
      loadDonationsConfig({
        APP_SECRET: secret,
        EMBED_ORIGINS: ' https://www.Example.org/ ,http://localhost:8080',
      }).EMBED_ORIGINS,
    ).toEqual(['https://www.example.org', 'http://localhost:8080']);
    expect(loadDonationsConfig({ APP_SECRET: secret }).EMBED_ORIGINS).toEqual([]);
    for (const bad of [
      'https://example.org/donate',
      'example.org',
      'ftp://example.org',
      'https://a@example.org',
    ]) {
      expect(() => loadDonationsConfig({ APP_SECRET: secret, EMBED_ORIGINS: bad })).toThrow(/EMBED_ORIGINS/);
    }
  });
});
