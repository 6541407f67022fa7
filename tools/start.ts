import { APP_NAMES, type AppName } from '@crm/config';
import { migrateUp } from '@crm/database';
import { concurrently } from 'concurrently';
import { join } from 'node:path';
import { loadBaseEnvOrExit } from './base-env';
import { preflight } from './preflight';

const COLOURS: Record<AppName, string> = {
  donations: 'green',
  subscribers: 'blue',
  mailer: 'magenta',
  console: 'cyan',
};

/**
 * `npm start [app]`: checks PostgreSQL and Redis, creates the database if missing, applies pending
 * migrations, then runs the apps (all three by default) with prefixed logs. SIGTERM and SIGINT are
 * passed on to every app; if one app exits with an error, the others are stopped.
 */
async function main(only: string | undefined): Promise<void> {
  if (only !== undefined && !APP_NAMES.includes(only as AppName)) {
    throw new Error(`Unknown app "${only}"; expected one of ${APP_NAMES.join(', ')}`);
  }
  const env = loadBaseEnvOrExit();
  const problems = await preflight(env.DATABASE_URL, env.REDIS_URL);
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
      command: `exec "${process.execPath}" "${join(__dirname, '..', 'apps', app, 'src', 'main.js')}"`,
      env: { APP_SECRET: env.APP_SECRET },
    })),
    { prefix: 'name', killOthersOn: ['failure'], killTimeout: 10_000 },
  );
  await result.then(
    () => process.exit(0),
    () => process.exit(1),
  );
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
