import type { Supporter } from '@crm/entities';
import { runSql, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';

export interface TagUse {
  tag: Supporter['tags'][number];
  supporters: number;
}

/** Every tag in use with how many carry it, most used first (at most `limit`). */
export const tagsInUse = async (manager: EntityManager, limit: number): Promise<TagUse[]> =>
  (
    await runSql<TagUse>(
      manager,
      sql`SELECT tag, count(*)::int AS supporters
            FROM supporters s CROSS JOIN LATERAL unnest(s.tags) AS tag
           GROUP BY tag ORDER BY supporters DESC, lower(tag), tag
           LIMIT ${sql.typed(limit, 'int')}`,
    )
  ).rows;
