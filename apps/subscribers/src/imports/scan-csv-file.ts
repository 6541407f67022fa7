import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';

const NEWLINE = 0x0a;

/** UTF-8, or Windows-1252: what Excel's "CSV (Comma delimited)" writes on a UK Windows machine. */
export type CsvEncoding = 'utf-8' | 'windows-1252';

export interface CsvFileScan {
  /**
   * Lines after the header, counted without parsing, so progress has a total early. A quoted field
   * spanning lines over-counts; the import sets the exact figure at the end.
   */
  dataLines: number;
  encoding: CsvEncoding;
}

const startsWithUtf16Bom = (chunk: Buffer): boolean =>
  chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));

/**
 * One pass over an uploaded file: its data lines, and whether it is UTF-8. A file that is not
 * (no byte sequence of it may be invalid UTF-8) is read as Windows-1252, so "Zoë" stays "Zoë"
 * instead of becoming "Zo�". UTF-16 with a byte order mark is left to the CSV parser.
 */
export async function scanCsvFile(path: string): Promise<CsvFileScan> {
  let lines = 0;
  let last = NEWLINE;
  let first = true;
  let encoding: CsvEncoding = 'utf-8';
  // Null once the encoding is decided: on the first invalid byte, or for UTF-16 (not transcoded).
  let decoder: TextDecoder | null = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (first && startsWithUtf16Bom(chunk)) decoder = null;
    first = false;
    for (let index = chunk.indexOf(NEWLINE); index >= 0; index = chunk.indexOf(NEWLINE, index + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    if (decoder && !decodes(decoder, chunk)) {
      decoder = null;
      encoding = 'windows-1252';
    }
  }
  if (last !== NEWLINE) lines++;
  if (decoder && !decodes(decoder)) encoding = 'windows-1252';
  return { dataLines: Math.max(0, lines - 1), encoding };
}

/** Feeds a chunk (none: the end of the file) to a fatal decoder; false at the first invalid sequence. */
function decodes(decoder: TextDecoder, chunk?: Buffer): boolean {
  try {
    if (chunk) decoder.decode(chunk, { stream: true });
    else decoder.decode();
    return true;
  } catch {
    return false;
  }
}
