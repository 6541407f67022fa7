import { benchDatabaseUrl, prepareBenchDatabase } from './bench-database';

/** `node scripts/launch.js bench/seed/main`: seeds the bench database on its own. */
async function main(): Promise<void> {
  const url = benchDatabaseUrl();
  const result = await prepareBenchDatabase(url);
  process.stdout.write(
    result.seeded
      ? `seeded ${new URL(url).pathname.slice(1)} in ${result.seconds.toFixed(1)} s\n`
      : 'already seeded\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
