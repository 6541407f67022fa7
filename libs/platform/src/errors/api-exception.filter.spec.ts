import { type ArgumentsHost, Logger } from '@nestjs/common';
import { databaseUrl } from '@crm/testing';
import { DataSource } from 'typeorm';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the filter answered: the status and JSON body it gave the response. */
function answer(error: unknown): {
  status: number;
  body: { statusCode: number; message: string };
  headers: Record<string, string>;
} {
  const sent = { status: 0, body: { statusCode: 0, message: '' }, headers: {} as Record<string, string> };
  const response = {
    headersSent: false,
    removeHeader: () => undefined,
    setHeader: (name: string, value: string) => {
      sent.headers[name] = value;
    },
    type() {
      return this;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: { statusCode: number; message: string }) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(error, host);
  return sent;
}

describe('ApiExceptionFilter', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl('postgres') }).initialize();
  });
  afterAll(() => dataSource.destroy());

  // The filter logs what it cannot map; captured here so a passing run prints nothing.
  let logged: jest.SpyInstance;
  let warned: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    logged.mockRestore();
    warned.mockRestore();
  });

  const failure = (sql: string, values: unknown[]): Promise<unknown> =>
    dataSource.query(sql, values).then(
      () => {
        throw new Error('the statement was expected to fail');
      },
      (error: unknown) => error,
    );

  it.each([
    ['a time PostgreSQL cannot read', 'SELECT $1::timestamptz', ['2024']],
    ['a number out of range', 'SELECT $1::int', ['99999999999']],
    ['a text with a NUL', 'SELECT $1::text', ['a\u0000b']],
  ])('answers 400 for %s that validation let through', async (_name, sql, values) => {
    const sent = answer(await failure(sql, values));
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({ statusCode: 400 });
    expect(logged).toHaveBeenCalledWith(expect.anything(), 'Database refused a value from the request');
  });

  it.each([
    ['a missing table', 'SELECT * FROM no_such_table WHERE id = $1', [1]],
    ['a division by zero in our own SQL', 'SELECT 1 / $1::int', [0]],
  ])('answers 500 for a database failure that is ours: %s', async (_name, sql, values) => {
    const sent = answer(await failure(sql, values));
    expect(sent.status).toBe(500);
    expect(sent.body.message).toBe('Internal server error');
    expect(logged).toHaveBeenCalledWith(expect.anything(), 'Unhandled error');
  });

  it('answers 503 with Retry-After when a statement outlasts its time limit under load', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET statement_timeout = 50`);
      const error = await runner.query(`SELECT pg_sleep(1)`).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      const sent = answer(error);
      expect(sent.status).toBe(503);
      expect(sent.headers['Retry-After']).toBe('5');
      expect(sent.body.message).toContain('try again');
      expect(logged).not.toHaveBeenCalled();
    } finally {
      await runner.release();
    }
  });

  it('answers 503 with Retry-After when no pooled connection frees up in time', async () => {
    const busy = await new DataSource({
      type: 'postgres',
      url: databaseUrl('postgres'),
      extra: { max: 1, connectionTimeoutMillis: 100 },
    }).initialize();
    const holder = busy.createQueryRunner();
    await holder.connect();
    try {
      const error = await busy.query('SELECT 1').then(
        () => undefined,
        (caught: unknown) => caught,
      );
      const sent = answer(error);
      expect(sent.status).toBe(503);
      expect(sent.headers['Retry-After']).toBe('5');
    } finally {
      await holder.release();
      await busy.destroy();
    }
  });
});
