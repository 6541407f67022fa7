import { StaffTokens } from '@crm/auth';
import { dataSourceOptions } from '@crm/database';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadBaseEnvOrExit } from './base-env';

const USAGE = `Usage: npm run cli -- <command>
  tokens:create --name NAME --role admin|fundraising|comms|viewer   prints the new token as the last line
  tokens:list                                                        lists tokens (never the tokens themselves)
  tokens:revoke --id ID | --name NAME                                revokes a token`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, role: { type: 'string' }, id: { type: 'string' } },
  });
  const env = loadBaseEnvOrExit();
  const dataSource = await new DataSource(
    dataSourceOptions({ url: env.DATABASE_URL, poolSize: 1 }),
  ).initialize();
  const tokens = new StaffTokens(dataSource);
  try {
    switch (command) {
      case 'tokens:create': {
        const created = await tokens.create(values.name ?? '', values.role ?? '');
        process.stdout.write(
          `Created ${values.role} token "${values.name}" (id ${created.id}). It is shown only once:\n`,
        );
        process.stdout.write(`${created.token}\n`);
        return;
      }
      case 'tokens:list':
        for (const token of await tokens.list()) {
          const state = token.revokedAt ? `revoked ${token.revokedAt.toISOString()}` : 'active';
          process.stdout.write(`${token.id}  ${token.role.padEnd(11)} ${token.name}  (${state})\n`);
        }
        return;
      case 'tokens:revoke': {
        const target = values.id ?? values.name;
        if (!target) throw new Error('tokens:revoke needs --id or --name');
        const count = await tokens.revoke(target);
        if (count === 0) throw new Error(`No active token matches ${target}`);
        process.stdout.write(`Revoked ${count} token(s).\n`);
        return;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
