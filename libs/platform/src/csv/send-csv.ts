import type { Response } from 'express';
import { NEVER_CACHED } from '../http/never-cached';

/** A file name the Content-Disposition header carries as it is: no quote, slash or space to escape. */
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/;

/**
 * Answers a CSV download, the one way every app does: `Content-Type: text/csv; charset=utf-8`,
 * `Content-Disposition: attachment` under `fileName`, and `Cache-Control: no-store`, as every export
 * the apps write holds personal data. Use from a `@Res()` route marked `@ApiProduces('text/csv')`,
 * with lines made by `csvLine`.
 *
 * `chunks` (lines, or a batch of lines joined) are written as the client takes them: the writer
 * waits whenever the socket's buffer is full, so a large export holds one batch in memory, and it
 * stops reading `chunks` as soon as the client goes away, so an export generator's `finally` runs at
 * once and gives its cursor and connection back. A HEAD request gets the headers and reads nothing.
 * An error before the first chunk is written reaches the exception filter and becomes the usual
 * JSON error; after it the connection is cut, so the client sees a broken download rather than a
 * file that looks complete.
 */
export async function sendCsv(
  response: Response,
  fileName: string,
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  if (!SAFE_FILE_NAME.test(fileName)) throw new Error(`Unsafe CSV file name: ${JSON.stringify(fileName)}`);
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  response.setHeader('Cache-Control', NEVER_CACHED);
  if (response.req.method === 'HEAD') {
    response.end();
    return;
  }
  let written = false;
  try {
    for await (const chunk of chunks) {
      if (response.destroyed) break;
      written = true;
      if (!response.write(chunk)) await drainedOrClosed(response);
      if (response.destroyed) break;
    }
  } catch (error) {
    if (written) response.destroy();
    throw error;
  }
  if (!response.destroyed) response.end();
}

/** Waits until the client can take more; a client that went away never drains, so closing ends the wait too. */
const drainedOrClosed = (response: Response): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done).off('close', done);
      resolve();
    };
    response.once('drain', done).once('close', done);
  });
