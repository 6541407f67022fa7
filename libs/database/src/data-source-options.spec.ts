import { TestDatabase } from '@crm/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

describe('dataSourceOptions', () => {
  let database: TestDatabase;
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    database = await TestDatabase.create();
    // A server set up in local time, as a UK host often is.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${database.name}" SET timezone = 'Europe/London'`);
    await admin.end();
  });

  afterEach(async () => {
    await dataSource?.destroy();
    dataSource = undefined;
  });

  afterAll(() => database.drop());

  it('reads a time sent without an offset as UTC whatever the database time zone', async () => {
    // 1 June is British Summer Time: read in the database's own zone it would be 08:30Z.
    dataSource = await new DataSource(dataSourceOptions({ url: database.url })).initialize();
    const [row] = await dataSource.query<{ at: Date }[]>('SELECT $1::timestamptz AS at', [
      '2026-06-01T09:30',
    ]);

    expect(row!.at.toISOString()).toBe('2026-06-01T09:30:00.000Z');
  });

  it('keeps UTC beside further session settings', async () => {
    dataSource = await new DataSource(
      dataSourceOptions({ url: database.url, sessionSettings: { synchronous_commit: 'off' } }),
    ).initialize();
    const [row] = await dataSource.query<{ zone: string; commit: string }[]>(
      `SELECT current_setting('TimeZone') AS zone, current_setting('synchronous_commit') AS commit`,
    );

    expect(row).toEqual({ zone: 'UTC', commit: 'off' });
  });

  it('keeps UTC beside session options DATABASE_URL carries itself, and those options too', async () => {
    const url = new URL(database.url);
    url.searchParams.set('options', '-c lock_timeout=4321');
    dataSource = await new DataSource(dataSourceOptions({ url: url.toString() })).initialize();
    const [row] = await dataSource.query<{ zone: string; timeout: string }[]>(
      `SELECT current_setting('TimeZone') AS zone, current_setting('lock_timeout') AS timeout`,
    );

    expect(row).toEqual({ zone: 'UTC', timeout: '4321ms' });
  });
});
