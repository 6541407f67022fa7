import type { Campaign } from '@crm/entities';
import { runSql, sql, type Sql, type SqlExecutor } from '@crm/sql';

/** A campaign relies on its audience while scheduled (once or recurring) or sending. */
const relies = (alias: string): Sql => sql`${sql.ident(alias)}.status IN ('scheduled', 'sending')`;

/**
 * Records a change in whether the campaign relies on its audience, or on which one, as the next
 * `audience_version`; nothing when nothing changed. The row lock orders concurrent callers, and the
 * second sees the first's change, so each change is numbered once and versions only grow.
 */
export async function recordAudienceChange(db: SqlExecutor, campaignId: string): Promise<void> {
  await runSql(
    db,
    sql`UPDATE campaigns c
           SET audience_version = c.audience_version + 1,
               audience_in_use = ${relies('c')},
               -- Stopping keeps the audience it stopped relying on: that is the one to free.
               audience_segment_id = CASE WHEN ${relies('c')} THEN c.segment_id ELSE c.audience_segment_id END
         WHERE c.id = ${campaignId}
           AND (${relies('c')} <> c.audience_in_use
                OR (c.audience_in_use AND c.audience_segment_id IS DISTINCT FROM c.segment_id))`,
  );
}

export type AudienceUseRow = Pick<Campaign, 'id' | 'name' | 'segmentId' | 'audienceInUse'> & {
  audienceVersion: string;
};

/** Changes recorded but not yet queued: the latest state of each such campaign (or of one). */
export async function unpublishedAudienceUses(
  db: SqlExecutor,
  campaignId: string | null,
): Promise<AudienceUseRow[]> {
  const { rows } = await runSql<AudienceUseRow>(
    db,
    sql`SELECT id, name, coalesce(audience_segment_id, segment_id) AS "segmentId",
               audience_in_use AS "audienceInUse", audience_version::text AS "audienceVersion"
          FROM campaigns
         WHERE audience_version > audience_published_version
           ${campaignId === null ? sql.empty : sql`AND id = ${campaignId}`}`,
  );
  return rows;
}

export async function markAudienceUsePublished(
  db: SqlExecutor,
  campaignId: string,
  version: string,
): Promise<void> {
  await runSql(
    db,
    sql`UPDATE campaigns SET audience_published_version = greatest(audience_published_version, ${sql.typed(version, 'bigint')})
         WHERE id = ${campaignId}`,
  );
}
