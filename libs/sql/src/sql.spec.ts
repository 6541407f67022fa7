import { TestDatabase } from '@crm/testing';
import { DataSource } from 'typeorm';
import { runSql, runSqlOne } from './run-sql';
import { renderSql, sql } from './sql';

describe('sql', () => {
  it('binds every interpolated value and numbers nested fragments once, in order', () => {
    const inAlias = (alias: string, email: string) => sql`${sql.ident(alias)}.email = ${email}`;
    const statement = sql`SELECT s.id FROM supporters s
      WHERE ${inAlias('s', "o'brien@example.org")} AND s.created_at > ${'2026-01-01'}
        AND s.id = ANY(${sql.typed(['a', 'b'], 'uuid[]')}) LIMIT ${20}`;

    expect(renderSql(statement)).toEqual({
      text: `SELECT s.id FROM supporters s
      WHERE s.email = $1 AND s.created_at > $2
        AND s.id = ANY($3::uuid[]) LIMIT $4`,
      values: ["o'brien@example.org", '2026-01-01', ['a', 'b'], 20],
    });
  });

  it('joins fragments and continues after an offset', () => {
    const conditions = [sql`a = ${1}`, sql`b = ${2}`, sql.raw('c IS NULL')];
    expect(renderSql(sql`WHERE ${sql.join(conditions, ' AND ')}`, 3)).toEqual({
      text: 'WHERE a = $4 AND b = $5 AND c IS NULL',
      values: [1, 2],
    });
    expect(renderSql(sql`SELECT 1${sql.empty}`)).toEqual({ text: 'SELECT 1', values: [] });
  });

  it('refuses an alias or a cast that is not a plain name', () => {
    expect(() => sql.ident('s; DROP TABLE supporters')).toThrow('Not a plain identifier');
    expect(() => sql.typed(1, 'int); DROP TABLE x; --')).toThrow('Not a type name');
  });
});

describe('runSql', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await TestDatabase.create();
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await dataSource.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('answers rows and a row count for every kind of statement', async () => {
    const inserted = await runSql(dataSource, sql`INSERT INTO notes VALUES (1, ${'a'}), (2, ${'b'})`);
    expect(inserted).toEqual({ rows: [], rowCount: 2 });

    const selected = await runSql<{ id: number; body: string }>(
      dataSource,
      sql`SELECT * FROM notes ORDER BY id`,
    );
    expect(selected).toEqual({
      rows: [
        { id: 1, body: 'a' },
        { id: 2, body: 'b' },
      ],
      rowCount: 2,
    });

    const updated = await runSql<{ id: number }>(
      dataSource,
      sql`UPDATE notes SET body = ${'c'} WHERE id > ${0} RETURNING id`,
    );
    expect(updated.rowCount).toBe(2);
    expect(updated.rows.map((row) => row.id).sort()).toEqual([1, 2]);

    expect(await runSql(dataSource, sql`DELETE FROM notes WHERE id = ${2}`)).toEqual({
      rows: [],
      rowCount: 1,
    });
    expect(await runSqlOne(dataSource, sql`SELECT body FROM notes WHERE id = ${2}`)).toBeNull();
  });

  it("runs inside the caller's transaction when given its manager", async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await runSql(manager, sql`INSERT INTO notes VALUES (${10}, ${'kept only if committed'})`);
        expect(await runSqlOne(manager, sql`SELECT id FROM notes WHERE id = ${10}`)).toEqual({ id: 10 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await runSqlOne(dataSource, sql`SELECT id FROM notes WHERE id = ${10}`)).toBeNull();
  });
});
