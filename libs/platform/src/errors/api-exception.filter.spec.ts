import { type ArgumentsHost, Logger } from '@nestjs/common';
import { databaseUrl } from '@crm/testing';
import { DataSource } from 'typeorm';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the filter answered: the status and JSON body it gave the response. */
function answer(error: unknown): { status: number; body: { statusCode: number; message: string } } {
  const sent: { status: number; body: { statusCode: number; message: string } } = {
    status: 0,
    body: { statusCode: 0, message: '' },
  };
  const response = {
    headersSent: false,
    removeHeader: () => undefined,
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
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

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
});
