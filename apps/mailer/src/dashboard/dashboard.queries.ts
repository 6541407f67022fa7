import type { CampaignStatus } from '@crm/entities';
import { runSql, sql, type SqlExecutor } from '@crm/sql';

export interface ProblemCampaignRow {
  id: string;
  name: string;
  status: CampaignStatus;
  uncertain: number;
  failed: number;
  /** How many campaigns have such batches, on every row. */
  total: number;
}

/** Campaigns with uncertain or failed batches, newest first, each with how many of each. */
export async function campaignsWithProblemBatches(db: SqlExecutor): Promise<ProblemCampaignRow[]> {
  const { rows } = await runSql<ProblemCampaignRow>(
    db,
    sql`SELECT c.id, c.name, c.status, b.uncertain, b.failed, count(*) OVER ()::int AS total
         FROM (SELECT campaign_id,
                      count(*) FILTER (WHERE status = 'uncertain')::int AS uncertain,
                      count(*) FILTER (WHERE status = 'failed')::int AS failed
                 FROM campaign_batches WHERE status IN ('uncertain', 'failed') GROUP BY campaign_id) b
         JOIN campaigns c ON c.id = b.campaign_id
        ORDER BY c.created_at DESC, c.id DESC`,
  );
  return rows;
}
