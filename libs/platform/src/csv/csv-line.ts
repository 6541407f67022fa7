/** A cell as code has it: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

/**
 * Text a spreadsheet would run as a formula (or use to start one): =, +, -, @, a tab, a carriage
 * return or NUL at the start (OWASP's CSV injection list, ASVS 1.2.10).
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;
/** What a cell must be quoted for (RFC 4180 2.6): the separator, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV line, CRLF-terminated: the one quoting rule of every CSV the apps write.
 * - Text that a spreadsheet would run as a formula is prefixed with an apostrophe, so it shows as
 *   the text it is; numbers are written as they are (code produced them, and a negative amount
 *   stays a number).
 * - A cell holding a comma, a quote or a line break is quoted, its quotes doubled (RFC 4180);
 *   other cells are written bare, so plain values read the same in any tool.
 * - null and undefined are empty cells.
 */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
