import { clickUrl, MAX_CLICK_URL_LENGTH } from './sendgrid-event';

describe('clickUrl', () => {
  it('keeps an absolute http(s) link, normalised, with link tokens redacted', () => {
    expect(clickUrl('https://Example.ORG/appeal?ref=email')).toBe('https://example.org/appeal?ref=email');
    expect(clickUrl('http://example.org')).toBe('http://example.org/');
    expect(clickUrl('https://example.org/unsubscribe?token=abc.def&x=1')).toBe(
      'https://example.org/unsubscribe?token=redacted&x=1',
    );
  });

  it('drops anything else: other schemes, relative or malformed links, too long, not a string', () => {
    for (const bad of [
      'javascript:alert(1)',
      'mailto:someone@example.org',
      'ftp://example.org/file',
      'data:text/html,<script>1</script>',
      '/relative/path',
      'https://',
      '',
      `https://example.org/${'x'.repeat(MAX_CLICK_URL_LENGTH)}`,
      42,
      null,
      { href: 'https://example.org' },
    ]) {
      expect(clickUrl(bad)).toBeUndefined();
    }
    // Within the limit as sent, but longer once the parser percent-encodes it.
    expect(clickUrl(`https://example.org/${'é'.repeat(1_000)}`)).toBeUndefined();
  });
});
