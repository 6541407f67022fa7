import { migrateRevertLast, migrateUp } from '@crm/database';
import { loadBaseEnvOrExit } from './base-env';

/** `npm run migrate` (up) and `npm run migration:revert` (revert the last one). */
async function main(direction: string | undefined): Promise<void> {
  const env = loadBaseEnvOrExit();
  if (direction === 'revert') {
    await migrateRevertLast(env.DATABASE_URL);
    process.stdout.write('Reverted the last migration.\n');
    return;
  }
  const applied = await migrateUp(env.DATABASE_URL);
  process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
