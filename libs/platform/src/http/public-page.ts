import { createHash } from 'node:crypto';
import { escapeHtml } from './html-page';

/** How the organisation's public pages look: from ORG_NAME, ORG_LOGO_URL, ORG_ACCENT_COLOUR, ORG_ADDRESS. */
export interface Brand {
  name: string;
  address: string;
  accent: string;
  logoUrl?: string;
}

export const brandOf = (config: {
  ORG_NAME: string;
  ORG_ADDRESS: string;
  ORG_ACCENT_COLOUR: string;
  ORG_LOGO_URL?: string;
}): Brand => ({
  name: config.ORG_NAME,
  address: config.ORG_ADDRESS,
  accent: config.ORG_ACCENT_COLOUR,
  logoUrl: config.ORG_LOGO_URL,
});

/** A public page (donate, sign up) with the Content-Security-Policy its inline style and script need. */
export interface PublicPage {
  status: number;
  html: string;
  csp: string;
}

export interface PublicPageContent {
  status: number;
  title: string;
  /** Trusted markup built by the caller; every interpolated value must go through escapeHtml. */
  body: string;
  /** A lead paragraph under the heading (plain text). */
  lead?: string;
  /** A small progressive-enhancement script; the page works without it. */
  script?: string;
  /** Where the page's forms may post (and be redirected to, as Chrome checks redirects too). */
  formTargets?: readonly string[];
  /** Origins that may show the page in a frame besides its own (EMBED_ORIGINS). */
  frameAncestors?: readonly string[];
}

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const styles = (accent: string): string => `
:root{--accent:${accent};--ink:#1d2330;--muted:#505a6b;--line:#c9ced8;--bg:#f4f5f7;--error:#b00020}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:var(--accent);color:#fff;padding:.9rem 1rem}
header .bar{max-width:42rem;margin:0 auto;display:flex;gap:.75rem;align-items:center;font-weight:700;font-size:1.15rem}
header img{max-height:2.5rem;width:auto;background:#fff;border-radius:.25rem;padding:.15rem}
main{max-width:42rem;margin:1.25rem auto;padding:1.5rem 1.1rem;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002}
@media (min-width:44rem){main{margin:2rem auto;padding:2rem 2.5rem}}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 .5rem}
h2{font-size:1.2rem;margin:0 0 .5rem}
.lead{color:var(--muted);margin-top:0}
fieldset{border:0;border-top:1px solid var(--line);margin:1.5rem 0 0;padding:1.25rem 0 0}
legend{font-weight:700;font-size:1.15rem;padding:0;float:left;width:100%;margin-bottom:.5rem}
legend+*{clear:both}
label{display:block;font-weight:600;margin:.85rem 0 .3rem}
.hint{display:block;color:var(--muted);font-size:.95rem;margin:.1rem 0 .35rem;font-weight:400}
.hint.inline{display:inline}
input[type=text],input[type=email]{width:100%;font:inherit;padding:.6rem .7rem;border:2px solid var(--muted);border-radius:.4rem}
input.short{max-width:12rem}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.choices{display:flex;flex-wrap:wrap;gap:.5rem}
.choice{position:relative;margin:0;padding:.65rem 1.1rem;border:2px solid var(--accent);border-radius:2rem;color:var(--accent);cursor:pointer;font-weight:700;min-width:5rem;text-align:center}
.choice input{position:absolute;opacity:0;inset:0;margin:0;cursor:pointer}
.choice:has(input:checked){background:var(--accent);color:#fff}
.choice:has(input:focus-visible){outline:3px solid #ffbf47;outline-offset:2px}
.check{display:flex;gap:.7rem;align-items:flex-start;font-weight:400;margin:.85rem 0}
.check input{width:1.5rem;height:1.5rem;flex:none;margin:.1rem 0 0;accent-color:var(--accent)}
.check strong{font-weight:700}
.notes{font-size:.95rem;color:var(--muted)}
.notes p{margin:.4rem 0}
button{font:inherit;font-weight:700;font-size:1.15rem;background:var(--accent);color:#fff;border:0;border-radius:.5rem;padding:.85rem 1.5rem;margin-top:1.5rem;cursor:pointer;width:100%}
@media (min-width:44rem){button{width:auto}}
.error{color:var(--error);font-weight:700;display:block;margin:.2rem 0}
.invalid input[type=text],.invalid input[type=email]{border-color:var(--error)}
.summary{border:3px solid var(--error);padding:.75rem 1rem;border-radius:.4rem;margin-bottom:1rem}
.summary h2{color:var(--error)}
.summary a{color:var(--error)}
.panel{background:#eef6f2;border-left:6px solid var(--accent);padding:1rem 1.1rem;border-radius:.4rem;margin:1rem 0}
.panel>p{margin:.4rem 0}.panel>p:first-child{margin-top:0}.panel>p:last-child{margin-bottom:0}
.total{font-weight:700;font-size:1.15rem;margin:1.25rem 0 0}
.amount{font-size:1.5rem;font-weight:800}
a{color:var(--accent)}
footer{max-width:42rem;margin:0 auto 2rem;padding:0 1rem;color:var(--muted);font-size:.9rem;text-align:center}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none!important}
`;

/**
 * A page supporters reach from the organisation's website: branded, mobile first, no third-party
 * scripts or fonts, and a policy that allows only this page's own inline style and script.
 */
export function publicPage(content: PublicPageContent, brand: Brand): PublicPage {
  const css = styles(brand.accent);
  const logo = brand.logoUrl ? `<img src="${escapeHtml(brand.logoUrl)}" alt="">` : '';
  const lead = content.lead ? `<p class="lead">${escapeHtml(content.lead)}</p>\n` : '';
  const script = content.script ? `<script>${content.script}</script>` : '';
  const html = `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)} · ${escapeHtml(brand.name)}</title>
<style>${css}</style></head>
<body>
<header><div class="bar">${logo}<span>${escapeHtml(brand.name)}</span></div></header>
<main>
<h1>${escapeHtml(content.title)}</h1>
${lead}${content.body}
</main>
<footer><p>${escapeHtml(brand.name)} · ${escapeHtml(brand.address)}</p></footer>
${script}
</body>
</html>`;
  const images = brand.logoUrl ? ` ${new URL(brand.logoUrl).origin}` : '';
  const csp = [
    "default-src 'none'",
    `style-src ${hash(css)}`,
    `script-src ${content.script ? hash(content.script) : "'none'"}`,
    `img-src 'self'${images}`,
    `form-action 'self'${(content.formTargets ?? []).map((target) => ` ${target}`).join('')}`,
    `frame-ancestors 'self'${(content.frameAncestors ?? []).map((origin) => ` ${origin}`).join('')}`,
    "base-uri 'none'",
  ].join('; ');
  return { status: content.status, html, csp };
}

/**
 * Sends a public page with its policies. A page the organisation's website may frame drops helmet's
 * `X-Frame-Options: SAMEORIGIN`, which cannot name other origins; `frame-ancestors` limits them.
 */
export function sendPublicPage(
  response: {
    status(code: number): unknown;
    setHeader(name: string, value: string): unknown;
    removeHeader(name: string): unknown;
  },
  page: PublicPage,
  embeddable: boolean,
): string {
  response.status(page.status);
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.setHeader('Content-Security-Policy', page.csp);
  // helmet's `no-referrer` makes a browser send `Origin: null` with the page's own form posts,
  // which the forms' origin check (postedFromAllowedOrigin) must be able to read.
  response.setHeader('Referrer-Policy', 'same-origin');
  if (embeddable) response.removeHeader('X-Frame-Options');
  return page.html;
}
