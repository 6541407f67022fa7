import { hashStaffToken } from '@crm/auth';
import { StaffInvitation } from '@crm/entities';
import { queueKeyPrefix, redisOptionsFromUrl, transactionalMailQueue } from '@crm/queues';
import { TEST_REDIS_URL, TestEnvironment } from '@crm/testing';
import { Queue } from 'bullmq';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateUp } from '@crm/database';
import { buildOnce, compiled } from '../support/compiled';

const run = promisify(execFile);

/** `npm run cli -- staff:invite`: the first admin's way in. */
describe('staff:invite', () => {
  let env: TestEnvironment;
  let db: DataSource;

  beforeAll(async () => {
    buildOnce();
    env = await TestEnvironment.create();
    await migrateUp(env.database.url);
    db = await new DataSource(dataSourceOptions({ url: env.database.url, poolSize: 1 })).initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await env.destroy();
  });

  const cli = (...args: string[]) =>
    run(process.execPath, [compiled('tools', 'cli.js'), ...args], {
      env: { ...process.env, ...env.env({ CONSOLE_URL: 'https://crm.example.org/console' }) },
    });

  it('prints the invitation link as its last line, stores only its hash, and queues the email', async () => {
    const { stdout } = await cli(
      'staff:invite',
      '--email',
      'First.Admin@example.org',
      '--role',
      'admin',
      '--name',
      'Ada',
    );
    const last = stdout.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(/^https:\/\/crm\.example\.org\/console\/invite\?token=[\w-]{43}$/);
    const token = new URL(last).searchParams.get('token')!;
    const invitation = await db
      .getRepository(StaffInvitation)
      .findOneByOrFail({ tokenHash: hashStaffToken(token) });
    expect(invitation).toMatchObject({
      kind: 'invite',
      email: 'first.admin@example.org',
      role: 'admin',
      name: 'Ada',
    });
    expect(JSON.stringify(await db.query('SELECT * FROM staff_invitations'))).not.toContain(token);

    const queue = new Queue(transactionalMailQueue.name, {
      connection: redisOptionsFromUrl(TEST_REDIS_URL),
      prefix: queueKeyPrefix(env.queuePrefix),
    });
    try {
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs.map((job) => job.data)).toEqual([
        {
          template: 'staff-invitation',
          reference: invitation.id,
          invitationId: invitation.id,
          acceptUrl: last,
        },
      ]);
    } finally {
      await queue.close();
    }
  });

  it('refuses an unknown role, naming the choices, and invites nobody', async () => {
    const before = await db.getRepository(StaffInvitation).count();
    await expect(cli('staff:invite', '--email', 'x@example.org', '--role', 'boss')).rejects.toMatchObject({
      stderr: expect.stringContaining('--role must be one of admin, fundraising, comms, viewer'),
    });
    expect(await db.getRepository(StaffInvitation).count()).toBe(before);
  });
});
