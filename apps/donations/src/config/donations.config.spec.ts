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
});
