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

  it('returns donors to the donate pages unless DONATION_SUCCESS_URL or DONATION_CANCEL_URL say otherwise', () => {
    const pages = loadDonationsConfig({
      APP_SECRET: secret,
      DONATIONS_PUBLIC_URL: 'https://give.example.org/',
    });
    expect(pages.DONATION_SUCCESS_URL).toBe(
      'https://give.example.org/donate/thanks?session_id={CHECKOUT_SESSION_ID}',
    );
    expect(pages.DONATION_CANCEL_URL).toBe('https://give.example.org/donate');
    const own = loadDonationsConfig({
      APP_SECRET: secret,
      DONATION_SUCCESS_URL: 'https://www.example.org/thanks',
      DONATION_CANCEL_URL: 'https://www.example.org/give',
    });
    expect([own.DONATION_SUCCESS_URL, own.DONATION_CANCEL_URL]).toEqual([
      'https://www.example.org/thanks',
      'https://www.example.org/give',
    ]);
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
