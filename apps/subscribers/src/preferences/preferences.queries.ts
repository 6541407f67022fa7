import { runSql, runSqlOne, sql } from '@crm/sql';
import type { SubscriptionStatus } from '@crm/entities';
import type { EntityManager } from 'typeorm';

/** What the preference page shows of a supporter; null when erased or merged away. */
export interface PreferencesPerson {
  id: string;
  first_name: string | null;
  last_name: string | null;
  status: SubscriptionStatus | null;
}

export async function preferencesPerson(
  manager: EntityManager,
  supporterId: string,
  lock = false,
): Promise<PreferencesPerson | null> {
  return runSqlOne<PreferencesPerson>(
    manager,
    sql`SELECT s.id, s.first_name, s.last_name, ns.status
          FROM supporters s LEFT JOIN newsletter_subscriptions ns ON ns.supporter_id = s.id
         WHERE s.id = ${supporterId} AND s.erased_at IS NULL AND s.merged_into_id IS NULL
         ${lock ? sql`FOR UPDATE OF s` : sql.empty}`,
  );
}

export async function updateName(
  manager: EntityManager,
  supporterId: string,
  firstName: string | null,
  lastName: string | null,
): Promise<void> {
  await runSql(
    manager,
    sql`UPDATE supporters SET first_name = ${firstName}, last_name = ${lastName}, updated_at = now()
         WHERE id = ${supporterId} AND (first_name IS DISTINCT FROM ${firstName} OR last_name IS DISTINCT FROM ${lastName})`,
  );
}
