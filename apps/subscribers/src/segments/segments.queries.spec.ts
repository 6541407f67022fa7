import { TestEnvironment } from '@crm/testing';
import { DataSource } from 'typeorm';
import { useSegmentReadSettings } from './segments.queries';

describe('a transaction that evaluates segments', () => {
  let env: TestEnvironment;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    db = await new DataSource({ type: 'postgres', url: env.database.url }).initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await env.destroy();
  });

  it('reads only, without JIT and with one parallel worker at most, and leaves the pool as it was', async () => {
    const setting = async (run: DataSource['manager']) =>
      (
        await run.query(
          `SELECT current_setting('transaction_read_only') AS read_only, current_setting('jit') AS jit,
                  current_setting('max_parallel_workers_per_gather') AS workers`,
        )
      )[0] as Record<string, string>;
    const before = await setting(db.manager);
    const inside = await db.transaction(async (manager) => {
      await useSegmentReadSettings(manager);
      return setting(manager);
    });
    // Two cores: a leader and one worker. With two workers each of three processes built its own
    // copy of a segment's grouped aggregate (a year of gifts) and counting took 1.2 s, not 0.7.
    expect(inside).toEqual({ read_only: 'on', jit: 'off', workers: '1' });
    expect(await setting(db.manager)).toEqual(before);
  });
});
