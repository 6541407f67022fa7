/** One CSV record and the file line it starts on (the header is line 1). */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/** The file is not CSV a reader can trust (a quoted value never closed). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;

/**
 * Reads one record with quotes from `start`: RFC 4180 quoted values (`""` is a quote, commas and
 * line breaks inside), and, as Excel writes and people type, a quote inside an unquoted value is
 * text. Returns the cells and where the record ends (after its line break), or null when the text
 * ends inside a quoted value.
 */
function quotedRecord(text: string, start: number): { cells: string[]; end: number } | null {
  const cells: string[] = [];
  let pos = start;
  for (;;) {
    let value = '';
    if (text.charCodeAt(pos) === QUOTE) {
      pos++;
      for (;;) {
        const close = text.indexOf('"', pos);
        if (close < 0) return null;
        value += text.slice(pos, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          pos = close + 2;
          continue;
        }
        pos = close + 1;
        break;
      }
    }
    // Unquoted text, or anything after a closing quote, up to the next comma or line break.
    let end = pos;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (code === COMMA || code === NEWLINE) break;
      end++;
    }
    value += text.slice(pos, end);
    if (end < text.length && text.charCodeAt(end) === COMMA) {
      cells.push(value);
      pos = end + 1;
      continue;
    }
    cells.push(value.charCodeAt(value.length - 1) === RETURN ? value.slice(0, -1) : value);
    return { cells, end: end + 1 };
  }
}

const countLines = (text: string, from: number, to: number): number => {
  let lines = 0;
  for (let index = text.indexOf('\n', from); index >= 0 && index < to; index = text.indexOf('\n', index + 1))
    lines++;
  return lines;
};

/**
 * Splits text into the complete records it holds, from `line`; answers where the unfinished rest
 * begins. A line without a quote (almost every line of an export) is one `split`; only lines with
 * quotes are read character by character. Blank lines are skipped.
 */
function completeRecords(
  text: string,
  line: number,
  out: CsvRecord[],
  atEnd: boolean,
): { rest: number; line: number } {
  let pos = 0;
  // The next quote in the text, found once rather than once per line (-1: none left).
  let quote = text.indexOf('"');
  while (pos < text.length) {
    const newline = text.indexOf('\n', pos);
    if (newline < 0 && !atEnd) break;
    const lineEnd = newline < 0 ? text.length : newline;
    if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
    if (quote < 0 || quote > lineEnd) {
      let row = text.slice(pos, lineEnd);
      if (row.charCodeAt(row.length - 1) === RETURN) row = row.slice(0, -1);
      if (row.length > 0) out.push({ cells: row.split(','), line });
      line++;
      pos = lineEnd + 1;
      continue;
    }
    const record = quotedRecord(text, pos);
    if (!record || (record.end > text.length && !atEnd)) {
      if (atEnd) throw new CsvSyntaxError(line, 'a quoted value is never closed');
      break;
    }
    out.push({ cells: record.cells, line });
    line += countLines(text, pos, record.end);
    pos = record.end;
  }
  return { rest: Math.min(pos, text.length), line };
}

/**
 * Streams the records of CSV text, a chunk's worth at a time, with the line each starts on. The
 * text is decoded by the caller (a stream with `encoding: 'utf8'` never splits a character).
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let pending = '';
  let line = 1;
  let first = true;
  for await (let chunk of chunks) {
    if (first && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    first = false;
    const text = pending + chunk;
    const out: CsvRecord[] = [];
    const done = completeRecords(text, line, out, false);
    pending = text.slice(done.rest);
    line = done.line;
    if (out.length > 0) yield out;
  }
  const out: CsvRecord[] = [];
  completeRecords(pending, line, out, true);
  if (out.length > 0) yield out;
}
