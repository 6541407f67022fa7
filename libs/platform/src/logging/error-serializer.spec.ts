import { Writable } from 'node:stream';
import { databaseUrl } from '@crm/testing';
import pino, { stdSerializers } from 'pino';
import { DataSource } from 'typeorm';
import { serializeError } from './error-serializer';

const EMAIL = 'ada.lovelace@example.org';

describe('serializeError', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl('postgres') }).initialize();
  });
  afterAll(() => dataSource.destroy());

  const failedQuery = (): Promise<unknown> =>
    dataSource.query('SELECT $1::uuid', [EMAIL]).then(
      () => {
        throw new Error('the statement was expected to fail');
      },
      (error: unknown) => error,
    );

  const logLine = (error: unknown): string => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(chunk.toString());
        done();
      },
    });
    pino({ serializers: { err: serializeError } }, sink).error({ err: error }, 'Unhandled error');
    return lines.join('');
  };

  it("logs a failed statement's error code and stack, never its bound values or PostgreSQL's echo of them", async () => {
    const error = await failedQuery();
    expect(JSON.stringify(stdSerializers.err(error as Error))).toContain(EMAIL);
    const line = logLine(error);
    expect(line).not.toContain(EMAIL);
    expect(JSON.parse(line).err).toMatchObject({
      type: 'QueryFailedError',
      message: 'database error 22P02',
      code: '22P02',
    });
  });

  it('takes the error as pino-http hands it over, already serialized', async () => {
    const serialized = serializeError(stdSerializers.err((await failedQuery()) as Error) as never);
    expect(JSON.stringify(serialized)).not.toContain(EMAIL);
  });

  it('leaves other errors as they are', () => {
    expect(JSON.parse(logLine(new TypeError('boom'))).err).toMatchObject({
      type: 'TypeError',
      message: 'boom',
    });
  });
});
