import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { TestEnvironment, waitFor } from '@crm/testing';
import { buildOnce, compiled, REPO_ROOT } from '../support/compiled';
import { freePort } from '../support/free-port';

const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.once('exit', (code) => resolve(code)));

describe('npm start and graceful shutdown', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    buildOnce();
    env = await TestEnvironment.create();
  });
  afterAll(() => env.destroy());

  it('brings all three apps to a 200 /health, then ends cleanly within 10 s of SIGTERM', async () => {
    const ports = {
      DONATIONS_PORT: await freePort(),
      SUBSCRIBERS_PORT: await freePort(),
      MAILER_PORT: await freePort(),
    };
    const child = spawn(process.execPath, [compiled('tools', 'start.js')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...env.env(),
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      },
      stdio: 'ignore',
    });
    const exited = exitOf(child);
    try {
      for (const port of Object.values(ports)) {
        await waitFor(
          async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status === 200,
          { timeoutMs: 30_000, intervalMs: 250, what: `health on port ${port}` },
        );
      }
      const stopAsked = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      expect(Date.now() - stopAsked).toBeLessThan(10_000);
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('exits non-zero naming a missing or malformed variable', () => {
    const result = spawnSync(process.execPath, [compiled('apps', 'donations', 'src', 'main.js')], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env.env({ REDIS_URL: 'not-a-url', DONATIONS_PORT: 'eighty' }) },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('REDIS_URL');
    expect(result.stderr).toContain('DONATIONS_PORT');
  });

  it('says which service is unreachable and how to get it', () => {
    const result = spawnSync(process.execPath, [compiled('tools', 'start.js')], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env.env({ REDIS_URL: 'redis://127.0.0.1:1' }) },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(69);
    expect(result.stderr).toContain('Redis is not reachable at 127.0.0.1:1 (REDIS_URL)');
    expect(result.stderr).toContain('docker compose up -d postgres redis');
    expect(result.stderr).not.toContain('PostgreSQL is not reachable');
  });
});
