import { Campaign, Segment } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import { DataSource } from 'typeorm';
import { CampaignTemplateError, compileCampaignContent } from '../templates/campaign-content';
import type { Organisation } from '../templates/layout';
import { ORGANISATION } from '../templates/templates.module';
import { CampaignError } from './campaign.errors';

/** Checks a campaign as a whole before it is stored: rules no single field decorator can see. */
@Injectable()
export class CampaignInputValidator {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ORGANISATION) private readonly org: Organisation,
  ) {}

  async check(campaign: Campaign): Promise<void> {
    if ((campaign.html === null) === (campaign.markdown === null)) {
      throw CampaignError.invalid('html', 'give exactly one of html or markdown');
    }
    if (!(await this.dataSource.getRepository(Segment).existsBy({ id: campaign.segmentId }))) {
      throw CampaignError.invalid('segmentId', `no segment ${campaign.segmentId}`);
    }
    if (campaign.scheduledAt && campaign.scheduledAt.getTime() <= Date.now()) {
      throw CampaignError.invalid('scheduledAt', 'must be in the future');
    }
    if (campaign.cron !== null) {
      if (campaign.scheduledAt) throw CampaignError.invalid('cron', 'give cron or scheduledAt, not both');
      checkRecurrence(campaign.cron);
    }
    try {
      compileCampaignContent(campaign, this.org);
    } catch (error) {
      if (error instanceof CampaignTemplateError) throw CampaignError.invalid(error.field, error.message);
      throw error;
    }
  }
}

/** Runs of a recurring campaign each mail the whole segment, so they are at least this far apart. */
const MIN_RECURRENCE_MS = 60 * 60 * 1000;
/**
 * How many runs ahead are checked for that. A pattern's runs within a day repeat on every day it
 * runs, so its shortest gap shows within the runs of two of its days (a 23:59 run and the next
 * day's 00:00 included), and a pattern with more than 25 runs a day fails within the first two.
 */
const RUNS_CHECKED = 50;

/**
 * A five-field cron pattern (minute hour day month weekday, UTC) whose runs are at least an hour
 * apart: a seconds field, or a pattern firing every few minutes, would mail everyone in the segment
 * again and again.
 */
function checkRecurrence(cron: string): void {
  if (cron.trim().split(/\s+/).length !== 5) {
    throw CampaignError.invalid('cron', 'give five fields: minute hour day month weekday (UTC)');
  }
  let runs;
  try {
    runs = CronExpressionParser.parse(cron, { tz: 'UTC' }).take(RUNS_CHECKED);
  } catch (error) {
    throw CampaignError.invalid('cron', `not a cron pattern (${(error as Error).message})`);
  }
  const times = runs.map((run) => run.getTime());
  if (times.some((time, index) => index > 0 && time - times[index - 1]! < MIN_RECURRENCE_MS)) {
    throw CampaignError.invalid(
      'cron',
      'runs must be at least an hour apart: each one mails the whole segment',
    );
  }
}
