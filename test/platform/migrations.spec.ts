import { dataSourceOptions, MIGRATIONS, migrateRevertLast, migrateUp } from '@crm/database';
import { databaseUrl, randomSuffix } from '@crm/testing';
import { dropDatabase } from '@crm/database';
import { DataSource } from 'typeorm';
import { SubscriptionConfirmations1764900000002 } from '../../libs/database/src/migrations/1764900000002-subscription-confirmations';
import { StripeInvoicePayments1764900000003 } from '../../libs/database/src/migrations/1764900000003-stripe-invoice-payments';

const tableExists = async (url: string, table: string): Promise<boolean> => {
  const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
  try {
    const rows: { exists: boolean }[] = await dataSource.query(
      'SELECT to_regclass($1) IS NOT NULL AS exists',
      [table],
    );
    return rows[0]!.exists;
  } finally {
    await dataSource.destroy();
  }
};

describe('migrations', () => {
  const url = databaseUrl(`crm_test_migrations_${randomSuffix()}`);
  afterAll(() => dropDatabase(url));

  it('create the database, apply every migration to it, and are idempotent', async () => {
    expect(await migrateUp(url)).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await tableExists(url, 'supporters')).toBe(true);
    expect(await migrateUp(url)).toEqual([]);
  });

  it('revert the last migration and re-apply it', async () => {
    const last = MIGRATIONS[MIGRATIONS.length - 1]!;
    await migrateRevertLast(url);
    expect(await migrateUp(url)).toEqual([last.name]);
  });

  it('make duplicate supporters impossible in the database itself', async () => {
    const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
    try {
      await dataSource.query(
        "INSERT INTO supporters (email, email_normalised) VALUES ('A@x.org', 'a@x.org')",
      );
      await expect(
        dataSource.query("INSERT INTO supporters (email, email_normalised) VALUES ('a@x.org', 'a@x.org')"),
      ).rejects.toThrow(/duplicate key/);
    } finally {
      await dataSource.destroy();
    }
  });

  it('make a second ledger row for the same campaign and supporter impossible', async () => {
    const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
    try {
      const [{ id: segmentId }] = (await dataSource.query(
        `INSERT INTO segments (name, rules) VALUES ('everyone', '{"field":"tags","op":"contains","value":"x"}') RETURNING id`,
      )) as { id: string }[];
      const [{ id: campaignId }] = (await dataSource.query(
        `INSERT INTO campaigns (name, subject, html, segment_id, status) VALUES ('News', 'News', '<p>News</p>', $1, 'draft') RETURNING id`,
        [segmentId],
      )) as { id: string }[];
      const addRecipient = () =>
        dataSource.query(
          `INSERT INTO campaign_recipients (campaign_id, supporter_id, status)
           VALUES ($1, '00000000-0000-4000-8000-000000000001', 'queued')`,
          [campaignId],
        );
      await addRecipient();
      await expect(addRecipient()).rejects.toThrow(/duplicate key/);
    } finally {
      await dataSource.destroy();
    }
  });

  it('carry the confirmation links still valid over to subscription_confirmations, and back on revert', async () => {
    const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
    const runner = dataSource.createQueryRunner();
    const migration = new SubscriptionConfirmations1764900000002();
    try {
      const person = async (email: string, tokenHash: string, expires: string) => {
        const [{ id }] = (await runner.query(
          `INSERT INTO supporters (email, email_normalised) VALUES ($1, $1) RETURNING id`,
          [email],
        )) as { id: string }[];
        await runner.query(
          `INSERT INTO newsletter_subscriptions (supporter_id, status, confirm_token_hash, confirm_token_expires_at)
           VALUES ($1, 'pending', $2, now() + $3::interval)`,
          [id, tokenHash, expires],
        );
        return id;
      };
      await migration.down(runner);
      const waiting = await person('waiting@x.org', 'hash-valid', '3 days');
      await person('late@x.org', 'hash-expired', '-1 day');
      await migration.up(runner);
      expect(await runner.query(`SELECT token_hash, supporter_id FROM subscription_confirmations`)).toEqual([
        { token_hash: 'hash-valid', supporter_id: waiting },
      ]);
      await migration.down(runner);
      expect(
        await runner.query(
          `SELECT confirm_token_hash FROM newsletter_subscriptions WHERE supporter_id = $1`,
          [waiting],
        ),
      ).toEqual([{ confirm_token_hash: 'hash-valid' }]);
      await migration.up(runner);
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
  });

  it('hand the invoice_payment.paid events already stored back to the inbox sweeper, and only those', async () => {
    const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
    const runner = dataSource.createQueryRunner();
    try {
      const stored = (id: string, type: string) =>
        runner.query(
          `INSERT INTO stripe_events (id, type, payload, processed_at, attempts) VALUES ($1, $2, '{}', now(), 1)`,
          [id, type],
        );
      await new StripeInvoicePayments1764900000003().down(runner);
      await stored('evt_link', 'invoice_payment.paid');
      await stored('evt_refund', 'charge.refunded');
      await new StripeInvoicePayments1764900000003().up(runner);
      expect(
        await runner.query(
          `SELECT id, processed_at IS NULL AS unprocessed, attempts FROM stripe_events
            WHERE id IN ('evt_link', 'evt_refund') ORDER BY id`,
        ),
      ).toEqual([
        { id: 'evt_link', unprocessed: true, attempts: 1 },
        { id: 'evt_refund', unprocessed: false, attempts: 1 },
      ]);
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
  });
});
