import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

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
 * One pass over an uploaded file: its data lines, and whether it is UTF-8 (checked chunk by chunk
 * with `isUtf8`, which decodes nothing). A file that is not is read as Windows-1252, so "Zoë"
 * stays "Zoë" instead of becoming "Zo�". UTF-16 with a byte order mark is left to the CSV parser.
 */
export async function scanCsvFile(path: string): Promise<CsvFileScan> {
  let lines = 0;
  let last = NEWLINE;
  let first = true;
  let encoding: CsvEncoding = 'utf-8';
  // Bytes of a character the previous chunk began; null once the encoding is decided (an invalid
  // sequence, or UTF-16, which is not transcoded).
  let carry: Buffer | null = Buffer.alloc(0);
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (first && startsWithUtf16Bom(chunk)) carry = null;
    first = false;
    for (let index = chunk.indexOf(NEWLINE); index >= 0; index = chunk.indexOf(NEWLINE, index + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    if (carry === null) continue;
    const bytes: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const end = bytes.length - unfinishedTail(bytes);
    carry = isUtf8(bytes.subarray(0, end)) ? bytes.subarray(end) : null;
    if (carry === null) encoding = 'windows-1252';
  }
  if (last !== NEWLINE) lines++;
  if (carry !== null && carry.length > 0) encoding = 'windows-1252';
  return { dataLines: Math.max(0, lines - 1), encoding };
}

/** How many bytes at the end of `bytes` begin a UTF-8 character they do not finish (0-3). */
function unfinishedTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}
