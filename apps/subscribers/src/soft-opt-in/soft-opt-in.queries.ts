import type { SoftOptIn } from '@crm/entities';
import { runSql, sql } from '@crm/sql';

type Written = Pick<SoftOptIn, 'supporterId'>;
import type { EntityManager } from 'typeorm';

/** Starts a soft opt-in; whether it began now (not when one is running or was opted out of). */
export async function beginSoftOptIn(manager: EntityManager, supporterId: string): Promise<boolean> {
  const { rows } = await runSql<Written>(
    manager,
    sql`INSERT INTO soft_opt_ins (supporter_id) VALUES (${supporterId})
        ON CONFLICT (supporter_id) DO NOTHING RETURNING supporter_id AS "supporterId"`,
  );
  return rows.length > 0;
}

/** Ends a soft opt-in for good (recording the refusal when none had begun); whether anything changed. */
export async function optOutOfSoftOptIn(manager: EntityManager, supporterId: string): Promise<boolean> {
  const { rows } = await runSql<Written>(
    manager,
    sql`INSERT INTO soft_opt_ins (supporter_id, opted_out_at) VALUES (${supporterId}, now())
        ON CONFLICT (supporter_id) DO UPDATE SET opted_out_at = now() WHERE soft_opt_ins.opted_out_at IS NULL
        RETURNING supporter_id AS "supporterId"`,
  );
  return rows.length > 0;
}
