import { runSql, sql, type SqlExecutor } from '@crm/sql';

/** One recipient's copy of a campaign batch, as the dev outbox stores it. */
export interface OutboxCopy {
  to_address: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** Stores a whole batch's copies in `outbox_messages` in one statement (the dev transport). */
export async function storeOutboxBatch(
  db: SqlExecutor,
  copies: OutboxCopy[],
  batch: { from: string; categories: string[]; campaignId: string },
): Promise<void> {
  await runSql(
    db,
    sql`INSERT INTO outbox_messages (to_address, from_address, subject, html, text, headers, categories, campaign_id)
       SELECT m.to_address, ${batch.from}, m.subject, m.html, m.text, m.headers, ${batch.categories}, ${batch.campaignId}
       FROM jsonb_to_recordset(${sql.typed(JSON.stringify(copies), 'jsonb')}) AS m(to_address text, subject text, html text, text text, headers jsonb)`,
  );
}
