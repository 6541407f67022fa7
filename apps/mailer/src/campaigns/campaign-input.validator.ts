import { Campaign, NEWSLETTER_TOPIC_ID, Segment, Topic } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import { DataSource } from 'typeorm';
import { CRON_TIME_ZONE } from '../dispatch/campaign-scheduler';
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
    const topicId = campaign.topicId ?? NEWSLETTER_TOPIC_ID;
    if (!(await this.dataSource.getRepository(Topic).existsBy({ id: topicId }))) {
      throw CampaignError.invalid('topicId', `no topic ${topicId}`);
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

/**
 * A cron pattern (UK time, `CRON_TIME_ZONE`) whose runs are at least an hour apart, since each run
 * mails the whole segment: one second and one minute value (`0 9 * * 1`, `0 * * * *`), so runs fall
 * whole hours apart (the hour repeated in October runs once, a skipped one in March an hour later).
 * A seconds field or several minutes would mail everyone again within the hour.
 */
function checkRecurrence(cron: string): void {
  let fields;
  try {
    ({ fields } = CronExpressionParser.parse(cron, { tz: CRON_TIME_ZONE }));
  } catch (error) {
    throw CampaignError.invalid('cron', `not a cron pattern (${(error as Error).message})`);
  }
  if (fields.second.values.length !== 1 || fields.minute.values.length !== 1) {
    throw CampaignError.invalid(
      'cron',
      'runs must be at least an hour apart (one minute, no seconds): each one mails the whole segment',
    );
  }
}
