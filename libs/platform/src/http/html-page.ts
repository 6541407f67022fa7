/** The small HTML pages people see after clicking a link in an email. */
export interface HtmlPage {
  status: number;
  html: string;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);

/** `body` is trusted markup built by the caller; every interpolated value must go through escapeHtml. */
export function htmlPage(status: number, title: string, body: string, orgName: string): HtmlPage {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · ${escapeHtml(orgName)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
  return { status, html };
}

/** Sets the page's status on a passthrough response and returns the markup for Nest to send. */
export function sendPage(response: { status(code: number): unknown }, page: HtmlPage): string {
  response.status(page.status);
  return page.html;
}
