import { runSqlOne, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';

/**
 * Links a supporter's gift to a declaration made for it alone; the gift's id, or null when it is
 * not one of those supporters' or already has a declaration. (No column the giving triggers watch changes.)
 */
export async function linkGiftToDeclaration(
  db: EntityManager,
  donationId: string,
  supporterIds: string[],
  declarationId: string,
): Promise<string | null> {
  const row = await runSqlOne<{ id: string }>(
    db,
    sql`UPDATE donations SET gift_aid_declaration_id = ${declarationId}
         WHERE id = ${donationId} AND supporter_id = ANY(${sql.typed(supporterIds, 'uuid[]')})
           AND gift_aid_declaration_id IS NULL
         RETURNING id`,
  );
  return row?.id ?? null;
}

/**
 * The first moment a declaration could cover: its scope's start, its making, or its earliest
 * linked gift. Cancelling from there makes it cover nothing, as if never made.
 */
export async function earliestCovered(db: EntityManager, declarationId: string): Promise<Date> {
  const row = await runSqlOne<{ earliest: Date }>(
    db,
    sql`SELECT LEAST(g.covers_from, g.declared_at,
                     (SELECT min(d.paid_at) FROM donations d WHERE d.gift_aid_declaration_id = g.id)) AS earliest
         FROM gift_aid_declarations g WHERE g.id = ${declarationId}`,
  );
  return row!.earliest;
}
