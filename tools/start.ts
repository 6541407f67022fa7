import {
  APP_NAMES,
  type AppName,
  appNodeOptions,
  baseEnvSchema,
  ConfigError,
  consoleEnvFields,
  envPort,
  loadConfig,
  redisTopology,
} from '@crm/config';
import { migrateUp } from '@crm/database';
import { concurrently } from 'concurrently';
import { join } from 'node:path';
import { Client } from 'pg';
import { preflight } from './preflight';

const COLOURS: Record<AppName, string> = {
  donations: 'green',
  subscribers: 'blue',
  mailer: 'magenta',
  console: 'cyan',
};

const startEnvSchema = baseEnvSchema.extend({
  ...consoleEnvFields,
  DONATIONS_PORT: envPort(3001),
  SUBSCRIBERS_PORT: envPort(3002),
  MAILER_PORT: envPort(3003),
});
type StartEnv = ReturnType<typeof loadConfig<typeof startEnvSchema>>;

const READY_TIMEOUT_MS = 120_000;
const FIRST_ADMIN_COMMAND = 'npm run cli -- staff:invite --email you@example.org --role admin';

function loadStartEnvOrExit(): StartEnv {
  try {
    return loadConfig(startEnvSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

const portOf = (env: StartEnv, app: AppName): number =>
  ({
    donations: env.DONATIONS_PORT,
    subscribers: env.SUBSCRIBERS_PORT,
    mailer: env.MAILER_PORT,
    console: env.CONSOLE_PORT,
  })[app];

/**
 * `npm start [app]`: checks PostgreSQL and Redis, creates the database if missing, applies pending
 * migrations, then runs the apps (all four by default: the console and the three behind it) with
 * prefixed logs, and once every one answers /health prints where each is and, while nobody can
 * sign in to the console yet, how to create the first admin. SIGTERM and SIGINT are
 * passed on to every app; if one app exits with an error, the others are stopped.
 */
async function main(only: string | undefined): Promise<void> {
  if (only !== undefined && !APP_NAMES.includes(only as AppName)) {
    throw new Error(`Unknown app "${only}"; expected one of ${APP_NAMES.join(', ')}`);
  }
  const env = loadStartEnvOrExit();
  const problems = await preflight(env.DATABASE_URL, redisTopology(env));
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(69);
  }
  const applied = await migrateUp(env.DATABASE_URL);
  process.stdout.write(
    applied.length ? `Applied migrations: ${applied.join(', ')}\n` : 'Database is up to date.\n',
  );

  const apps = only ? [only as AppName] : [...APP_NAMES];
  stopWhenOrphaned();
  const { result } = concurrently(
    apps.map((app) => ({
      name: app,
      prefixColor: COLOURS[app],
      // `exec` replaces the shell concurrently spawns, so signals reach the app itself.
      command: `exec "${process.execPath}" ${appNodeOptions(app).join(' ')} "${join(__dirname, '..', 'apps', app, 'src', 'main.js')}"`,
      env: { APP_SECRET: env.APP_SECRET },
    })),
    { prefix: 'name', killOthersOn: ['failure'], killTimeout: 10_000 },
  );
  void announceWhenReady(apps, env);
  await result.then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

/** Waits for every app's /health, then prints one short block: where each app is, and the next step. */
async function announceWhenReady(apps: AppName[], env: StartEnv): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (const app of apps) {
    while (!(await answers(`http://127.0.0.1:${portOf(env, app)}/health`))) {
      if (Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const width = Math.max(...apps.map((app) => app.length)) + 2;
  const lines = ['', 'Supporter CRM is running:'];
  for (const app of apps) {
    const url = app === 'console' ? env.CONSOLE_URL : `http://localhost:${portOf(env, app)}`;
    const note = app === 'console' ? 'staff sign in here' : 'API docs at /docs';
    lines.push(`  ${app.padEnd(width)}${url.replace(/\/$/, '')}   (${note})`);
  }
  if (apps.includes('console') && !(await anyStaffAccount(env.DATABASE_URL))) {
    lines.push(
      '',
      'No staff account yet. Create the first admin, then open the link it prints:',
      `  ${FIRST_ADMIN_COMMAND}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

async function anyStaffAccount(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ any: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM staff_users WHERE disabled_at IS NULL) AS any',
    );
    return rows[0]?.any ?? false;
  } catch {
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A supervisor that stops `npm start` signals npm, which passes the signal to the shell it ran this
 * script in and exits; were this launcher left behind (a shell that did not exec, or npm killed
 * outright), it would keep every app running. When the process that started it goes away, it
 * stops the apps as it would on SIGTERM.
 */
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const check = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(check);
    process.kill(process.pid, 'SIGTERM');
  }, 500);
  check.unref();
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
