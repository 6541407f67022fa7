import { createReadStream } from 'node:fs';

const NEWLINE = 0x0a;

/**
 * Data rows in a CSV file, counted as lines after the header without parsing, so progress has a
 * total early. A quoted field spanning lines over-counts; the import sets the exact figure at the end.
 */
export async function countDataLines(path: string): Promise<number> {
  let lines = 0;
  let last = NEWLINE;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let index = chunk.indexOf(NEWLINE); index >= 0; index = chunk.indexOf(NEWLINE, index + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  if (last !== NEWLINE) lines++;
  return Math.max(0, lines - 1);
}
