import { csvLine } from '@crm/platform';
import { Campaign, type RecipientStatus } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AFTER_DELIVERED, AFTER_SENT } from '../campaigns/campaign-stats.service';
import { recipientCountsByStatus } from '../campaigns/campaigns.queries';
import type { CampaignReportDto, ReportMetricDto } from './dto/campaign-report.dto';
import { ReportError } from './report.errors';
import {
  clicksPerLink,
  DONATION_WINDOW_DAYS,
  donationsFollowing,
  engagedCount,
  type EngagedPersonRow,
  engagedPeoplePage,
  type EngagementEvent,
} from './reports.queries';

const PEOPLE_PAGE = 1_000;
const PEOPLE_CSV_HEADER = csvLine(['first_name', 'last_name', 'email', 'first_at']);

const personLine = (row: EngagedPersonRow): string =>
  csvLine([row.first_name, row.last_name, row.email, row.first_at.toISOString()]);

/** What one email achieved: the ledger's counts, clicks per link, and the gifts that followed it. */
@Injectable()
export class ReportsService {
  constructor(private readonly dataSource: DataSource) {}

  async report(campaignId: string): Promise<CampaignReportDto> {
    await this.mustExist(campaignId);
    // Opened and clicked count people with such an event, so a click later followed by an
    // unsubscribe still counts, and the clickers here are the people the links table counts.
    const [statuses, links, donations, opened, clicked] = await Promise.all([
      recipientCountsByStatus(this.dataSource, [campaignId]),
      clicksPerLink(this.dataSource, campaignId),
      donationsFollowing(this.dataSource, campaignId),
      engagedCount(this.dataSource, campaignId, 'opened'),
      engagedCount(this.dataSource, campaignId, 'clicked'),
    ]);
    const byStatus = new Map(statuses.map((row) => [row.status, row.n]));
    const sum = (list: readonly RecipientStatus[]): number =>
      list.reduce((total, status) => total + (byStatus.get(status) ?? 0), 0);
    const sent = sum(AFTER_SENT);
    const metric = (count: number): ReportMetricDto => ({
      count,
      rate: sent === 0 ? null : Math.round((count / sent) * 10_000) / 10_000,
    });
    return {
      campaignId,
      counts: {
        sent,
        delivered: metric(sum(AFTER_DELIVERED)),
        opened: metric(opened),
        clicked: metric(clicked),
        bounced: metric(byStatus.get('bounced') ?? 0),
        complained: metric(byStatus.get('complained') ?? 0),
        unsubscribed: metric(byStatus.get('unsubscribed') ?? 0),
      },
      links: links.map((link) => ({
        url: link.url,
        clicks: link.clicks,
        uniqueClickers: link.unique_clickers,
      })),
      donationsFollowing: donations.map((row) => ({
        currency: row.currency.toUpperCase(),
        count: row.count,
        amount: Number(row.total),
        donors: row.donors,
      })),
      donationWindowDays: DONATION_WINDOW_DAYS,
    };
  }

  /** The people who opened or clicked, as CSV lines (header first), read a page at a time. */
  async peopleCsv(campaignId: string, event: EngagementEvent): Promise<AsyncIterable<string>> {
    await this.mustExist(campaignId);
    return this.peopleLines(campaignId, event);
  }

  private async mustExist(campaignId: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Campaign).existsBy({ id: campaignId })))
      throw ReportError.campaignNotFound(campaignId);
  }

  private async *peopleLines(campaignId: string, event: EngagementEvent): AsyncGenerator<string> {
    yield PEOPLE_CSV_HEADER;
    let after: string | null = null;
    for (;;) {
      const rows = await engagedPeoplePage(this.dataSource, campaignId, event, after, PEOPLE_PAGE);
      if (rows.length === 0) return;
      yield rows.map(personLine).join('');
      if (rows.length < PEOPLE_PAGE) return;
      after = rows[rows.length - 1]!.recipient_id;
    }
  }
}
