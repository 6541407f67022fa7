import { linkEmail, recordStaffAudit, StaffLinks, StaffTokens } from '@crm/auth';
import { baseEnvSchema, ConfigError, consoleEnvFields, loadConfig, redisTopology } from '@crm/config';
import { dataSourceOptions } from '@crm/database';
import { STAFF_ROLES, type StaffRole } from '@crm/entities';
import {
  closeQueueConnection,
  QueueProducer,
  queueConnection,
  queueKeyPrefix,
  transactionalJobId,
  transactionalMailQueue,
} from '@crm/queues';
import { Queue } from 'bullmq';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadBaseEnvOrExit } from './base-env';

const USAGE = `Usage: npm run cli -- <command>
  tokens:create --name NAME --role admin|fundraising|comms|viewer   prints the new token as the last line
  tokens:list                                                        lists tokens (never the tokens themselves)
  tokens:revoke --id ID | --name NAME                                revokes a token
  staff:invite --email E --role admin|fundraising|comms|viewer [--name N]
                                                                     invites a person to the console; prints the
                                                                     one-time link (72 h) as the last line and emails it`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAIL_QUEUE_TIMEOUT_MS = 5_000;

const cliConsoleSchema = baseEnvSchema.extend(consoleEnvFields);

function loadConsoleConfigOrExit(): ReturnType<typeof loadConfig<typeof cliConsoleSchema>> {
  try {
    return loadConfig(cliConsoleSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

/**
 * `staff:invite`: the invitation link is printed last (the person running it may pass it on by
 * hand) and queued for the mailer, which sends it through SendGrid or, without a key, the dev
 * outbox. A Redis that does not answer costs only the email, never the link.
 */
async function inviteStaff(
  dataSource: DataSource,
  values: { email?: string; role?: string; name?: string },
): Promise<void> {
  const email = values.email?.trim() ?? '';
  if (!EMAIL.test(email)) throw new Error('--email must be an email address');
  if (!STAFF_ROLES.includes(values.role as StaffRole)) {
    throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
  }
  const config = loadConsoleConfigOrExit();
  const link = await new StaffLinks(dataSource, config.CONSOLE_URL).invite({
    email,
    role: values.role as StaffRole,
    name: values.name ?? null,
  });
  await recordStaffAudit(dataSource, {
    action: 'staff.invited',
    actor: { staffUserId: null, name: 'CLI' },
    targetId: null,
    statusCode: 201,
    details: { invitationId: link.id, role: link.role },
  });
  // Gives up soon on one node or Sentinel; on a cluster the timeout below does.
  const connection = queueConnection(redisTopology(config), { maxRetriesPerRequest: 1 });
  const queue = new Queue(transactionalMailQueue.name, {
    connection,
    prefix: queueKeyPrefix(config.QUEUE_PREFIX),
  });
  queue.on('error', () => undefined);
  try {
    const message = linkEmail(link);
    const queued = new QueueProducer(transactionalMailQueue, queue).add('send-email', message, {
      jobId: transactionalJobId(message),
    });
    await Promise.race([
      queued,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('Redis did not answer')), MAIL_QUEUE_TIMEOUT_MS).unref(),
      ),
    ]);
    process.stdout.write(
      `Invited ${link.email} as ${link.role}; the mailer will email this link (valid 72 hours):\n`,
    );
  } catch (error) {
    process.stdout.write(
      `Invited ${link.email} as ${link.role}, but the email could not be queued (${error instanceof Error ? error.message : String(error)}). Send them this link (valid 72 hours):\n`,
    );
  } finally {
    await queue.close().catch(() => undefined);
    await closeQueueConnection(connection);
  }
  process.stdout.write(`${link.url}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      id: { type: 'string' },
      email: { type: 'string' },
    },
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
      case 'staff:invite':
        await inviteStaff(dataSource, values);
        return;
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
