import { createHash } from 'node:crypto';
import { publicPage } from './public-page';

const brand = {
  name: 'Friends of the <Canal>',
  address: '1 Lock Lane, Bath',
  accent: '#123456',
  logoUrl: 'https://cdn.canal.example/logo.png',
};
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('publicPage', () => {
  const page = publicPage(
    {
      status: 200,
      title: 'Donate',
      body: '<p>Hello</p>',
      script: 'console.log(1)',
      formTargets: ['https://checkout.stripe.com'],
      frameAncestors: ['https://www.canal.example'],
    },
    brand,
  );

  it('allows exactly its own inline style and script, by hash', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.html)![1]!;
    expect(page.csp).toContain(`style-src ${sha(style)}`);
    expect(page.csp).toContain(`script-src ${sha('console.log(1)')}`);
    expect(style).toContain('--accent:#123456');
    expect(page.csp).toMatch(/^default-src 'none'/);
  });

  it('names the logo origin, the form targets and the framing sites, and escapes the brand', () => {
    expect(page.csp).toContain("img-src 'self' https://cdn.canal.example");
    expect(page.csp).toContain("form-action 'self' https://checkout.stripe.com");
    expect(page.csp).toContain("frame-ancestors 'self' https://www.canal.example");
    expect(page.html).toContain('Friends of the &lt;Canal&gt; · 1 Lock Lane, Bath');
    expect(page.html).toContain('<img src="https://cdn.canal.example/logo.png" alt="">');
  });

  it('runs no script and allows no framing by others when it has none', () => {
    const plain = publicPage({ status: 404, title: 'Not found', body: '' }, { ...brand, logoUrl: undefined });
    expect(plain.csp).toContain("script-src 'none'");
    expect(plain.csp).toContain("frame-ancestors 'self';");
    expect(plain.csp).toContain("img-src 'self';");
    expect(plain.html).not.toContain('<script>');
  });
});
