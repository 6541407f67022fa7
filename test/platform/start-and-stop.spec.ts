import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { TestEnvironment, waitFor } from '@crm/testing';
import { buildOnce, compiled, REPO_ROOT } from '../support/compiled';
import { freePort } from '../support/free-port';

const exitOf = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** Every process below `root`, read from ps (the launcher, its shell if any, and each app). */
function descendantsOf(root: number): number[] {
  const table = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of table) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start and graceful shutdown', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    buildOnce();
    env = await TestEnvironment.create();
  });
  afterAll(() => env.destroy());

  it('brings the console and the three apps to a 200 /health, says where they are and how to make the first admin, then ends cleanly within 10 s of SIGTERM', async () => {
    const ports = {
      DONATIONS_PORT: await freePort(),
      SUBSCRIBERS_PORT: await freePort(),
      MAILER_PORT: await freePort(),
      CONSOLE_PORT: await freePort(),
    };
    const child = spawn(process.execPath, [compiled('tools', 'start.js')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...env.env(),
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        CONSOLE_URL: `http://localhost:${ports.CONSOLE_PORT}`,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = exitOf(child);
    try {
      for (const port of Object.values(ports)) {
        await waitFor(
          async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status === 200,
          { timeoutMs: 30_000, intervalMs: 250, what: `health on port ${port}` },
        );
      }
      await waitFor(async () => output.includes('staff:invite'), {
        timeoutMs: 10_000,
        intervalMs: 100,
        what: 'the ready block',
      });
      const block = output.slice(output.indexOf('Supporter CRM is running:'));
      expect(block).toContain(`http://localhost:${ports.CONSOLE_PORT}`);
      expect(block).toContain(`http://localhost:${ports.DONATIONS_PORT}`);
      expect(block).toContain('npm run cli -- staff:invite --email you@example.org --role admin');
      const stopAsked = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      expect(Date.now() - stopAsked).toBeLessThan(10_000);
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('stops every app within 10 s when the npm process a supervisor started gets SIGTERM', async () => {
    const ports = {
      DONATIONS_PORT: await freePort(),
      SUBSCRIBERS_PORT: await freePort(),
      MAILER_PORT: await freePort(),
      CONSOLE_PORT: await freePort(),
    };
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...env.env(),
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        CRM_PREBUILT: '1',
      },
      stdio: 'ignore',
    });
    let started: number[] = [];
    try {
      for (const port of Object.values(ports)) {
        await waitFor(
          async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status === 200,
          { timeoutMs: 30_000, intervalMs: 250, what: `health on port ${port}` },
        );
      }
      started = descendantsOf(npm.pid!);
      expect(started.length).toBeGreaterThanOrEqual(4);

      const stopAsked = Date.now();
      npm.kill('SIGTERM');
      await waitFor(async () => started.every((pid) => !alive(pid)), {
        timeoutMs: 10_000,
        intervalMs: 100,
        what: 'the launcher and every app to exit',
      });
      expect(Date.now() - stopAsked).toBeLessThan(10_000);
    } finally {
      for (const pid of started.filter(alive)) process.kill(pid, 'SIGKILL');
      npm.kill('SIGKILL');
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
