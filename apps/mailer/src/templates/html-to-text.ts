const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&nbsp;': ' ',
  '&pound;': '£',
  '&euro;': '€',
  '&copy;': '©',
  '&hellip;': '…',
  '&ndash;': '–',
  '&mdash;': '—',
  '&lsquo;': '‘',
  '&rsquo;': '’',
  '&ldquo;': '“',
  '&rdquo;': '”',
};

/** A character reference as its character, numeric or named; one unknown or invalid stays as written. */
function decodeEntity(entity: string): string {
  const numeric = /^&#(x?)([0-9a-f]+);$/i.exec(entity);
  if (!numeric) return ENTITIES[entity] ?? entity;
  const code = parseInt(numeric[2]!, numeric[1] ? 16 : 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
}

const BLOCK = 'p|div|h[1-6]|ul|ol|table|tr|blockquote|hr';

/**
 * A readable plain-text alternative of campaign HTML: links kept as "text (url)", blocks apart by
 * a blank line, list items one a line. Line breaks in the HTML source are spaces, as a browser
 * shows them (marked puts one between every list item).
 */
export function htmlToText(html: string): string {
  return (
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/\s+/g, ' ')
      .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(new RegExp(`<\\/?(${BLOCK})(\\s[^>]*)?\\/?>`, 'gi'), '\n\n')
      .replace(/<li(\s[^>]*)?>/gi, '\n- ')
      .replace(/<[^>]+>/g, '')
      // One pass, so `&amp;lt;` stays the text `&lt;`.
      .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, decodeEntity)
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
