import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabaseExists } from './ensure-database';

/** Creates the database if needed and applies pending migrations; returns their names. */
export async function migrateUp(url: string): Promise<string[]> {
  await ensureDatabaseExists(url);
  const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts the most recently applied migration. */
export async function migrateRevertLast(url: string): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
