import { dataSourceOptions } from '@crm/database';
import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';
import { TestDatabase } from '@crm/testing';
import { DataSource, type EntityMetadata, type QueryRunner } from 'typeorm';

/**
 * Relations the migrations create that no entity describes, each with the reason. Nothing else
 * may be missing: a table without an entity is a table the code reaches around TypeORM.
 */
const NOT_MAPPED: Record<string, string> = {
  schema_migrations: "TypeORM's own record of the migrations run",
  supporter_giving_computed:
    'a view read only inside the database, by refresh_supporter_giving(), to rebuild supporter_giving',
};

/**
 * The entities are the one description of every table the code reads, and the migrations are
 * what the database really is. These tests hold the two together against a freshly migrated
 * database: TypeORM's schema builder must find nothing to change, and what it compares only by
 * name (CHECK expressions, the columns and order of constraints and indexes, partial index
 * conditions) PostgreSQL compares here. A failure lists each difference.
 */
describe('entities', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const tables = (): EntityMetadata[] =>
    dataSource.entityMetadatas.filter((entity) => entity.tableType !== 'view');

  beforeAll(async () => {
    database = await TestDatabase.create();
    dataSource = await new DataSource(dataSourceOptions({ url: database.url, poolSize: 2 })).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('describe the migrated schema exactly: the schema builder has nothing to change', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('cover every table and view the migrations create', async () => {
    const { rows } = await runSql<{ name: string }>(
      dataSource,
      sql`SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = 'public' ORDER BY table_name`,
    );
    const mapped = new Set(dataSource.entityMetadatas.map((entity) => entity.tableName));

    expect(rows.map((row) => row.name).filter((name) => !mapped.has(name) && !NOT_MAPPED[name])).toEqual([]);
    // An exception for a relation that is gone, or that has an entity now, is stale.
    expect(Object.keys(NOT_MAPPED).filter((name) => mapped.has(name))).toEqual([]);
    expect(Object.keys(NOT_MAPPED).filter((name) => !rows.some((row) => row.name === name))).toEqual([]);
  });

  it("state each CHECK as PostgreSQL reads the migrations' constraint of that name", async () => {
    const differences = await inRolledBackTransaction(dataSource, async (runner) => {
      const found: string[] = [];
      for (const entity of tables()) {
        for (const check of entity.checks) {
          const table = sql.ident(entity.tableName);
          await runSql(
            runner.manager,
            sql`ALTER TABLE ${table} ADD CONSTRAINT entity_check CHECK (${sql.raw(check.expression)}) NOT VALID`,
          );
          const migrated = await constraintDefinition(runner.manager, entity.tableName, check.name);
          const declared = await constraintDefinition(runner.manager, entity.tableName, 'entity_check');
          if (declared?.replace(/ NOT VALID$/, '') !== migrated)
            found.push(`${entity.tableName}.${check.name}: migrations ${migrated}, entity ${declared}`);
          await runSql(runner.manager, sql`ALTER TABLE ${table} DROP CONSTRAINT entity_check`);
        }
      }
      return found;
    });

    expect(differences).toEqual([]);
  });

  it('declare indexes on the columns, in the order, with the conditions the migrations use', async () => {
    const differences = await inRolledBackTransaction(dataSource, async (runner) => {
      const found: string[] = [];
      for (const entity of tables()) {
        for (const index of entity.indices) {
          const migrated = await indexDefinition(runner.manager, entity.tableName, index.name);
          if (!index.synchronize) {
            // An index TypeORM cannot describe: the name must still be one the migrations made.
            if (migrated === null) found.push(`${entity.tableName}.${index.name}: no such index`);
            continue;
          }
          const columns = sql.join(index.columns.map((column) => sql.ident(column.databaseName)));
          await runSql(
            runner.manager,
            sql`CREATE ${sql.raw(index.isUnique ? 'UNIQUE ' : '')}INDEX entity_index
                  ON ${sql.ident(entity.tableName)} USING ${sql.raw(index.type ?? 'btree')} (${columns})
                  ${index.where ? sql`WHERE ${sql.raw(index.where)}` : sql.empty}`,
          );
          const declared = await indexDefinition(runner.manager, entity.tableName, 'entity_index');
          if (declared?.replace(' entity_index ', ` ${index.name} `) !== migrated)
            found.push(`${entity.tableName}.${index.name}: migrations ${migrated}, entity ${declared}`);
          await runSql(runner.manager, sql`DROP INDEX entity_index`);
        }
      }
      return found;
    });

    expect(differences).toEqual([]);
  });

  it('declare unique constraints and foreign keys on the columns, in the order, the migrations use', async () => {
    const differences: string[] = [];
    for (const entity of tables()) {
      for (const unique of entity.uniques) {
        const declared = `UNIQUE (${unique.columns.map((column) => column.databaseName).join(', ')})`;
        const migrated = await constraintDefinition(dataSource, entity.tableName, unique.name);
        if (declared !== migrated)
          differences.push(`${entity.tableName}.${unique.name}: migrations ${migrated}, entity ${declared}`);
      }
      for (const key of entity.foreignKeys) {
        const declared =
          `FOREIGN KEY (${key.columnNames.join(', ')}) ` +
          `REFERENCES ${key.referencedEntityMetadata.tableName}(${key.referencedColumnNames.join(', ')})`;
        const migrated = await constraintDefinition(dataSource, entity.tableName, key.name);
        if (declared !== migrated)
          differences.push(`${entity.tableName}.${key.name}: migrations ${migrated}, entity ${declared}`);
      }
    }

    expect(differences).toEqual([]);
  });
});

/** Runs `work` in a transaction that is always rolled back, so trial constraints leave nothing. */
async function inRolledBackTransaction<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    return await work(runner);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

async function constraintDefinition(db: SqlExecutor, table: string, name: string): Promise<string | null> {
  const row = await runSqlOne<{ definition: string }>(
    db,
    sql`SELECT pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c
         WHERE c.conrelid = ${sql.typed(table, 'regclass')} AND c.conname = ${name}`,
  );
  return row?.definition ?? null;
}

async function indexDefinition(db: SqlExecutor, table: string, name: string): Promise<string | null> {
  const row = await runSqlOne<{ definition: string }>(
    db,
    sql`SELECT indexdef AS definition FROM pg_indexes
         WHERE schemaname = 'public' AND tablename = ${table} AND indexname = ${name}`,
  );
  return row?.definition ?? null;
}
