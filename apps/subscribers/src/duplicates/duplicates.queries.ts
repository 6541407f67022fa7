import { runSql, sql, type SqlExecutor } from '@crm/sql';
import type { EntityManager } from 'typeorm';
import { cancelConfirmationLinks } from '../consent/confirmation-links';

export const DUPLICATE_REASONS = ['name_and_postcode', 'name_and_phone'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** The last pair of a page, as its cursor carries it ("first:second"). */
export interface DuplicatePairPosition {
  firstId: string;
  secondId: string;
}

export interface DuplicatePairRow {
  first_id: string;
  second_id: string;
  reasons: DuplicateReason[];
}

/**
 * Pairs of live supporters (not erased, not merged) with the same name, compared trimmed and
 * lower-cased, and the same postcode or the same phone (both stored normalised). Email addresses
 * are unique once normalised, so they cannot pair two records. Each pair once, in id order, after
 * the cursor's pair ("first:second"). Only supporters with a postcode or a phone are read.
 */
export const duplicatePairs = async (
  db: SqlExecutor,
  page: { after: DuplicatePairPosition | null; take: number },
): Promise<DuplicatePairRow[]> => {
  const after = page.after
    ? sql`WHERE (first_id, second_id) > (${sql.typed(page.after.firstId, 'uuid')}, ${sql.typed(page.after.secondId, 'uuid')})`
    : sql.empty;
  return (
    await runSql<DuplicatePairRow>(
      db,
      sql`WITH live AS MATERIALIZED (
            SELECT id, lower(trim(first_name)) AS first, lower(trim(last_name)) AS last, postcode, phone
              FROM supporters
             WHERE (postcode IS NOT NULL OR phone IS NOT NULL)
               AND erased_at IS NULL AND merged_into_id IS NULL
               AND first_name IS NOT NULL AND last_name IS NOT NULL
          ), pairs AS (
            SELECT a.id AS first_id, b.id AS second_id, 'name_and_postcode' AS reason
              FROM live a JOIN live b ON b.postcode = a.postcode AND b.first = a.first AND b.last = a.last AND a.id < b.id
            UNION ALL
            SELECT a.id, b.id, 'name_and_phone'
              FROM live a JOIN live b ON b.phone = a.phone AND b.first = a.first AND b.last = a.last AND a.id < b.id
          )
          SELECT first_id, second_id, array_agg(reason ORDER BY reason) AS reasons FROM pairs
          ${after}
          GROUP BY first_id, second_id ORDER BY first_id, second_id LIMIT ${sql.typed(page.take, 'int')}`,
    )
  ).rows;
};

export interface MergeSide {
  id: string;
  erased_at: Date | null;
  merged_into_id: string | null;
}

/** Both supporters of a merge, locked in id order (two merges of one pair cannot deadlock). */
export const lockPair = async (manager: EntityManager, ids: [string, string]): Promise<MergeSide[]> =>
  (
    await runSql<MergeSide>(
      manager,
      sql`SELECT id, erased_at, merged_into_id FROM supporters
           WHERE id = ANY(${sql.typed(ids, 'uuid[]')}) ORDER BY id FOR UPDATE`,
    )
  ).rows;

/**
 * The kept record takes what it lacks from the duplicate (names, address, phone, the date of
 * death), both records' tags and notes; the duplicate keeps no personal data and points at the
 * kept record, which lets its consent events move (the ledger's trigger checks that pointer).
 */
export async function absorbDuplicate(
  manager: EntityManager,
  keptId: string,
  mergedId: string,
): Promise<void> {
  await runSql(
    manager,
    sql`UPDATE supporters k SET
          first_name = coalesce(k.first_name, m.first_name),
          last_name = coalesce(k.last_name, m.last_name),
          tags = ARRAY(SELECT DISTINCT unnest(k.tags || m.tags) ORDER BY 1),
          notes = CASE WHEN m.notes IS NULL THEN k.notes WHEN k.notes IS NULL THEN m.notes
                       ELSE k.notes || E'\\n\\n' || m.notes END,
          address_lines = CASE WHEN cardinality(k.address_lines) > 0 THEN k.address_lines ELSE m.address_lines END,
          town = CASE WHEN cardinality(k.address_lines) > 0 THEN k.town ELSE m.town END,
          postcode = CASE WHEN cardinality(k.address_lines) > 0 THEN k.postcode ELSE m.postcode END,
          country = CASE WHEN cardinality(k.address_lines) > 0 THEN k.country ELSE m.country END,
          phone = coalesce(k.phone, m.phone),
          deceased_at = coalesce(k.deceased_at, m.deceased_at),
          date_of_death = coalesce(k.date_of_death, m.date_of_death),
          updated_at = now()
        FROM supporters m WHERE k.id = ${keptId} AND m.id = ${mergedId}`,
  );
  await runSql(
    manager,
    sql`UPDATE supporters SET email = NULL, email_normalised = NULL, first_name = NULL, last_name = NULL,
               tags = '{}', notes = NULL, address_lines = '{}', town = NULL, postcode = NULL, country = NULL,
               phone = NULL, merged_into_id = ${keptId}, merged_at = now(), updated_at = now()
         WHERE id = ${mergedId}`,
  );
}

/**
 * Moves the subscribers app's history of the duplicate to the kept record: consent events, contact
 * preference history and FPS requests. Current preferences: a channel either record refused stays
 * refused (noted in the history with the basis `merge`); one only the duplicate had is carried over.
 * The duplicate's unused confirmation links stop working; its subscription stays with it, since
 * consent was given for its address, and is no longer mailable (no address).
 */
export async function moveSubscriberHistory(
  manager: EntityManager,
  keptId: string,
  mergedId: string,
  staffName: string,
): Promise<void> {
  await runSql(
    manager,
    sql`UPDATE consent_events SET supporter_id = ${keptId} WHERE supporter_id = ${mergedId}`,
  );
  await runSql(
    manager,
    sql`UPDATE contact_preference_events SET supporter_id = ${keptId} WHERE supporter_id = ${mergedId}`,
  );
  await runSql(
    manager,
    sql`UPDATE fps_requests SET supporter_id = ${keptId} WHERE supporter_id = ${mergedId}`,
  );
  await runSql(
    manager,
    sql`INSERT INTO contact_preference_events (supporter_id, channel, status, basis, note, recorded_by)
        SELECT ${keptId}, m.channel, 'refused', 'merge', 'Refused on the duplicate record merged into this one', ${staffName}
          FROM contact_preferences m JOIN contact_preferences k ON k.supporter_id = ${keptId} AND k.channel = m.channel
         WHERE m.supporter_id = ${mergedId} AND m.status = 'refused' AND k.status <> 'refused'`,
  );
  await runSql(
    manager,
    sql`INSERT INTO contact_preferences (supporter_id, channel, status, basis, updated_at)
        SELECT ${keptId}, channel, status, basis, updated_at FROM contact_preferences WHERE supporter_id = ${mergedId}
        ON CONFLICT (supporter_id, channel) DO UPDATE SET status = 'refused', basis = 'merge', updated_at = now()
          WHERE EXCLUDED.status = 'refused' AND contact_preferences.status <> 'refused'`,
  );
  await runSql(manager, sql`DELETE FROM contact_preferences WHERE supporter_id = ${mergedId}`);
  await cancelConfirmationLinks(manager, mergedId);
}
