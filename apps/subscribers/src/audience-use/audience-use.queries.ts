import type { SegmentUse } from '@crm/entities';
import type { JobOf, subscribersEventsQueue } from '@crm/queues';
import { runSql, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';

export type AudienceUseFact = JobOf<typeof subscribersEventsQueue, 'record-audience-use'>;

/**
 * Keeps the fact only if it is newer than what is stored for its campaign: a repeated job or one
 * that arrives after a later change is a no-op. Returns whether the row changed.
 */
export async function upsertAudienceUse(manager: EntityManager, fact: AudienceUseFact): Promise<boolean> {
  const { rowCount } = await runSql(
    manager,
    sql`INSERT INTO segment_uses (campaign_id, campaign_name, segment_id, in_use, version)
        VALUES (${fact.campaignId}, ${fact.campaignName}, ${fact.segmentId}, ${fact.inUse}, ${fact.version})
        ON CONFLICT (campaign_id) DO UPDATE
          SET campaign_name = EXCLUDED.campaign_name, segment_id = EXCLUDED.segment_id,
              in_use = EXCLUDED.in_use, version = EXCLUDED.version, updated_at = now()
          WHERE segment_uses.version < EXCLUDED.version`,
  );
  return rowCount > 0;
}

export type AudienceUseHow = 'draft' | 'scheduled' | 'recurring' | 'sending' | 'in use';

/** A campaign that relies on an audience now, and how. */
export interface AudienceUser extends Pick<SegmentUse, 'segmentId' | 'campaignName'> {
  how: AudienceUseHow;
}

/**
 * The campaigns relying on these segments: what the mailer reported through `record-audience-use`,
 * and, for a campaign it has reported nothing about, its campaign row while not yet sent (drafts,
 * and campaigns from before the job existed). How each is used comes from the campaign row.
 */
export async function audienceUsers(manager: EntityManager, segmentIds: string[]): Promise<AudienceUser[]> {
  if (segmentIds.length === 0) return [];
  const how = sql`CASE WHEN c.cron IS NOT NULL THEN 'recurring'
                       WHEN c.status IN ('draft', 'scheduled', 'sending') THEN c.status
                       ELSE 'in use' END`;
  const { rows } = await runSql<AudienceUser>(
    manager,
    sql`SELECT u.segment_id AS "segmentId", u.campaign_name AS "campaignName", ${how} AS how
          FROM segment_uses u LEFT JOIN campaigns c ON c.id = u.campaign_id
         WHERE u.in_use AND u.segment_id = ANY(${sql.typed(segmentIds, 'uuid[]')})
        UNION ALL
        SELECT c.segment_id, c.name, ${how}
          FROM campaigns c
         WHERE c.status IN ('draft', 'scheduled', 'sending') AND c.segment_id = ANY(${sql.typed(segmentIds, 'uuid[]')})
           AND NOT EXISTS (SELECT 1 FROM segment_uses u WHERE u.campaign_id = c.id)
        ORDER BY 2`,
  );
  return rows;
}
