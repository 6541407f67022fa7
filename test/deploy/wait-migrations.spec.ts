import { migrateRevertLast, migrateUp } from '@crm/database';
import { TestEnvironment } from '@crm/testing';
import { spawn } from 'node:child_process';
import { buildOnce, compiled } from '../support/compiled';

/**
 * `node dist/tools/wait-migrations.js`, the initContainer of every app pod in deploy/k8s: it holds
 * a pod until the migration Job has applied every migration the image ships.
 */
describe('wait-migrations', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    buildOnce();
    env = await TestEnvironment.create();
  });
  afterAll(() => env.destroy());

  const waitFor = (seconds: number) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [compiled('tools', 'wait-migrations.js')], {
        env: { ...process.env, ...env.env({ WAIT_MIGRATIONS_SECONDS: String(seconds) }) },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => resolve({ code, output }));
    });

  it('lets the pod start at once when every migration is applied', async () => {
    await expect(waitFor(5)).resolves.toEqual({
      code: 0,
      output: 'Every migration of this build is applied.\n',
    });
  });

  it('holds the pod while one is pending, then lets it start once the Job has applied it', async () => {
    await migrateRevertLast(env.database.url);
    const short = await waitFor(1);
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/Waiting for 1 migration\(s\), first \w+\d{13}\n[^]*Gave up waiting/);

    const waiting = waitFor(60);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await migrateUp(env.database.url);
    const released = await waiting;
    expect(released.code).toBe(0);
    expect(released.output).toMatch(
      /^Waiting for 1 migration[^]*Every migration of this build is applied\.\n$/,
    );
  });
});
