import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { confirmedSince, failedImportsSince, supporterCounts } from './dashboard.queries';
import type { FailedImportDto, SubscribersDashboardDto } from './dto/subscribers-dashboard.dto';

const DAYS = 30;
const RECENT_FAILED_IMPORTS = 5;

/** The subscribers app's figures on the console's home screen. */
@Injectable()
export class DashboardService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async figures(): Promise<SubscribersDashboardDto> {
    const [supporters, fresh, failed] = await Promise.all([
      supporterCounts(this.dataSource),
      confirmedSince(this.dataSource, DAYS),
      failedImportsSince(this.dataSource, DAYS),
    ]);
    return {
      supporters,
      newSubscribers: { days: DAYS, count: fresh },
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
