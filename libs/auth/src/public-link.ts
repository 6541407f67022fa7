/**
 * A link under the public base URL, keeping the base's own path (`https://org.uk/crm` gives
 * `https://org.uk/crm/unsubscribe?token=…`; `new URL('/unsubscribe', base)` would drop `/crm`).
 */
export function publicLink(publicUrl: string, path: string, query: Record<string, string>): string {
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  const url = new URL(path.replace(/^\/+/, ''), base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}
