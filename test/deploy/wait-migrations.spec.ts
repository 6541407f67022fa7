import { migrateRevertLast, migrateUp } from '@crm/database';
import { TestEnvironment, waitFor } from '@crm/testing';
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

  /** Starts the tool; `output()` is what it printed so far, `exit` its code and everything printed. */
  const start = (seconds: number) => {
    const child = spawn(process.execPath, [compiled('tools', 'wait-migrations.js')], {
      env: { ...process.env, ...env.env({ WAIT_MIGRATIONS_SECONDS: String(seconds) }) },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = new Promise<{ code: number | null; output: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, output })),
    );
    return { output: () => output, exit };
  };

  it('lets the pod start at once when every migration is applied', async () => {
    await expect(start(30).exit).resolves.toEqual({
      code: 0,
      output: 'Every migration of this build is applied.\n',
    });
  });

  it('holds the pod while one is pending, then lets it start once the Job has applied it', async () => {
    await migrateRevertLast(env.database.url);
    const short = await start(1).exit;
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/Waiting for 1 migration\(s\), first \w+\d{13}\n[^]*Gave up waiting/);

    const waiting = start(60);
    await waitFor(async () => waiting.output().includes('Waiting for 1 migration'), {
      timeoutMs: 20_000,
      what: 'the tool to say it is waiting',
    });
    await migrateUp(env.database.url);
    const released = await waiting.exit;
    expect(released.code).toBe(0);
    expect(released.output).toMatch(
      /^Waiting for 1 migration[^]*Every migration of this build is applied\.\n$/,
    );
  });
});
