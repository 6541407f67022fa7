import { createHash } from 'node:crypto';
import { renderSql, type Sql, type SqlExecutor, type SqlResult } from '@crm/sql';
import { DataSource, QueryFailedError, type QueryRunner } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{
    rows: unknown[];
    rowCount: number | null;
  }>;
}

const names = new Map<string, string>();

/** One name per statement text, so a connection never holds two texts under one name. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `crm_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * `runSql`, as a named prepared statement on the connection it runs on: PostgreSQL parses and
 * analyses the text once per connection and, after its first executions, keeps a generic plan,
 * instead of parsing, analysing and planning it on every call. For the statements the Stripe
 * inbox and its processing run for every event, whose texts do not change with their values
 * (lists are bound as arrays): parse, analysis and planning were about a fifth of the database's
 * CPU in processing. Errors are TypeORM's `QueryFailedError`, as `runSql`'s are.
 */
export async function runPrepared<T = Record<string, unknown>>(
  executor: SqlExecutor,
  statement: Sql,
): Promise<SqlResult<T>> {
  const { text, values } = renderSql(statement);
  const open = executor instanceof DataSource ? undefined : executor.queryRunner;
  const runner: QueryRunner =
    open ?? (executor instanceof DataSource ? executor : executor.connection).createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    const result = await client.query({ name: nameOf(text), text, values }).catch((error: unknown) => {
      throw new QueryFailedError(text, values, error as Error);
    });
    const rows = result.rows as T[];
    return { rows, rowCount: result.rowCount ?? rows.length };
  } finally {
    if (!open) await runner.release();
  }
}
