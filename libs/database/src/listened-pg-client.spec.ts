import { databaseUrl } from '@crm/testing';
import { Client, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { dataSourceOptions } from './data-source-options';

describe('a pooled connection PostgreSQL terminates', () => {
  it('does not stop the process when nobody is listening on it, and the pool serves on', async () => {
    const dataSource = await new DataSource(
      dataSourceOptions({ url: databaseUrl('postgres'), poolSize: 2 }),
    ).initialize();
    const admin = new Client({ connectionString: databaseUrl('postgres') });
    await admin.connect();
    try {
      // A connection checked out with no listener of its own, as TypeORM leaves one after its first error.
      const pool = (dataSource.driver as PostgresDriver).master as { connect(): Promise<PoolClient> };
      const orphan = await pool.connect();
      const [{ pid }] = (await orphan.query('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
      const uncaught: unknown[] = [];
      const record = (error: unknown): void => void uncaught.push(error);
      process.on('uncaughtException', record);
      try {
        await admin.query('SELECT pg_terminate_backend($1, 5000)', [pid]);
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        process.off('uncaughtException', record);
      }
      expect(uncaught).toEqual([]);
      orphan.release(true);
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await dataSource.destroy();
    }
  });
});
