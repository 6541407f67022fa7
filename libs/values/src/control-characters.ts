/**
 * Control characters: C0 (U+0000-U+001F, so also tab, CR and LF), DEL, C1 (U+0080-U+009F) and the
 * Unicode line and paragraph separators. No name or subject line holds one; in a mail header a CR or
 * LF breaks the header, and SendGrid refuses a whole 1,000-recipient request over one such value.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_RUNS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** The rule for one-line text (names, subjects): true when `text` holds any control character. */
export const hasControlCharacters = (text: string): boolean => CONTROL.test(text);

/**
 * `text` as one line: each run of control characters becomes a space (`"Ada\r\nKing"` → `"Ada King"`),
 * for values already stored that reach a mail header.
 */
export const withoutControlCharacters = (text: string): string =>
  CONTROL.test(text) ? text.replace(CONTROL_RUNS, ' ').trim() : text;
