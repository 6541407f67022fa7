import { runSqlOne, sql, type SqlExecutor } from '@crm/sql';

/**
 * Claims the ledger row of a (template, reference) for sending: a new row, or one left `sending`
 * or `failed` by an earlier attempt. The row's id, or null when that message was already sent.
 */
export async function claimTransactional(
  db: SqlExecutor,
  message: { template: string; reference: string; supporterId: string | null },
): Promise<string | null> {
  const row = await runSqlOne<{ id: string }>(
    db,
    sql`INSERT INTO transactional_messages (template, reference, supporter_id, status)
       VALUES (${message.template}, ${message.reference}, ${message.supporterId}, 'sending')
       ON CONFLICT (template, reference) DO UPDATE SET status = 'sending'
         WHERE transactional_messages.status <> 'sent'
       RETURNING id`,
  );
  return row?.id ?? null;
}
