import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { FailedImportDto, SubscribersDashboardDto } from './dto/subscribers-dashboard.dto';

const DAYS = 30;
const RECENT_FAILED_IMPORTS = 5;

/** The subscribers app's figures on the console's home screen. */
@Injectable()
export class DashboardService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async figures(): Promise<SubscribersDashboardDto> {
    const [[supporters], [fresh], failed] = (await Promise.all([
      // One pass over the supporters; the confirmed flag is kept on the row by triggers.
      this.dataSource.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE newsletter_confirmed)::int AS subscribed
           FROM supporters WHERE erased_at IS NULL`,
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS count FROM newsletter_subscriptions
          WHERE status = 'subscribed' AND confirmed_at > now() - make_interval(days => $1)`,
        [DAYS],
      ),
      this.dataSource.query(
        `SELECT id, original_name, created_at, finished_at, count(*) OVER ()::int AS count
           FROM supporter_imports
          WHERE status = 'failed' AND created_at > now() - make_interval(days => $1)
          ORDER BY created_at DESC, id DESC`,
        [DAYS],
      ),
    ])) as [
      { total: number; subscribed: number }[],
      { count: number }[],
      {
        id: string;
        original_name: string | null;
        created_at: Date;
        finished_at: Date | null;
        count: number;
      }[],
    ];
    return {
      supporters,
      newSubscribers: { days: DAYS, count: fresh.count },
      failedImports: {
        days: DAYS,
        count: failed[0]?.count ?? 0,
        recent: failed.slice(0, RECENT_FAILED_IMPORTS).map((row): FailedImportDto => ({
          id: row.id,
          fileName: row.original_name,
          createdAt: row.created_at.toISOString(),
          finishedAt: row.finished_at?.toISOString() ?? null,
        })),
      },
    };
  }
}
