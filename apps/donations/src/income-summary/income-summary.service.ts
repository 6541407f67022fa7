import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IncomeSummaryDto } from './income-summary.dto';
import { incomeByCampaign, incomeByMonth, thisYear } from './income-summary.queries';

/** Pounds only: the charts compare like with like, and Gift Aid and the dashboard are in pounds too. */
const CURRENCY = 'gbp';

/** The console's income charts: this year against last, one-off against monthly, by campaign. */
@Injectable()
export class IncomeSummaryService {
  constructor(private readonly dataSource: DataSource) {}

  async summary(): Promise<IncomeSummaryDto> {
    const [year, rows, byCampaign] = await Promise.all([
      thisYear(this.dataSource),
      incomeByMonth(this.dataSource, CURRENCY),
      incomeByCampaign(this.dataSource, CURRENCY),
    ]);
    const byMonth = new Map(rows.map((row) => [row.month, row]));
    const months = Array.from(
      { length: 12 },
      (_, index) =>
        byMonth.get(index + 1) ?? { month: index + 1, thisYear: 0, lastYear: 0, oneOff: 0, monthly: 0 },
    );
    return { year, currency: CURRENCY, months, byCampaign };
  }
}
