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

/** A campaign that relies on an audience now, with how (read from the mailer's campaign row). */
export interface AudienceUser extends Pick<SegmentUse, 'campaignName'> {
  how: 'scheduled' | 'recurring' | 'sending' | 'in use';
}

/** The campaigns currently relying on a segment, by name. */
export async function audienceUsers(manager: EntityManager, segmentId: string): Promise<AudienceUser[]> {
  const { rows } = await runSql<AudienceUser>(
    manager,
    sql`SELECT u.campaign_name AS "campaignName",
               CASE WHEN c.cron IS NOT NULL THEN 'recurring'
                    WHEN c.status IN ('scheduled', 'sending') THEN c.status
                    ELSE 'in use' END AS how
          FROM segment_uses u LEFT JOIN campaigns c ON c.id = u.campaign_id
         WHERE u.segment_id = ${segmentId} AND u.in_use
         ORDER BY u.campaign_name`,
  );
  return rows;
}
