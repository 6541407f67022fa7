import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { renderSql, type Sql } from './sql';

/** Every statement's answer, whatever its kind: the rows it returned and how many rows it touched. */
export interface SqlResult<T> {
  rows: T[];
  rowCount: number;
}

/** Where a statement runs: the pool, or the manager of an open transaction. */
export type SqlExecutor = DataSource | EntityManager;

/**
 * Runs one statement written with `sql` and answers `{ rows, rowCount }` for SELECT, INSERT,
 * UPDATE and DELETE alike (TypeORM's own `query()` answers a SELECT with its rows but an UPDATE
 * with `[rows, count]`). `T` is the row shape the statement's column list produces.
 */
export async function runSql<T = Record<string, unknown>>(
  executor: SqlExecutor,
  statement: Sql,
): Promise<SqlResult<T>> {
  const { text, values } = renderSql(statement);
  const open = executor instanceof DataSource ? undefined : executor.queryRunner;
  const runner: QueryRunner =
    open ?? (executor instanceof DataSource ? executor : executor.connection).createQueryRunner();
  try {
    const result = await runner.query(text, values, true);
    const rows = (result.records ?? []) as T[];
    return { rows, rowCount: result.affected ?? rows.length };
  } finally {
    if (!open) await runner.release();
  }
}

/** The first row, or null: for statements that return at most one. */
export async function runSqlOne<T = Record<string, unknown>>(
  executor: SqlExecutor,
  statement: Sql,
): Promise<T | null> {
  const { rows } = await runSql<T>(executor, statement);
  return rows[0] ?? null;
}
