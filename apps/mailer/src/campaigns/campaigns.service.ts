import { Campaign, CampaignBatchMembers, CampaignRecipient } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AudienceUsePublisher } from '../audience-use/audience-use.publisher';
import { CampaignMailBuilder } from '../dispatch/campaign-mail.builder';
import { CampaignScheduler } from '../dispatch/campaign-scheduler';
import { RecipientRequeueService, type RequeueSource } from '../dispatch/recipient-requeue.service';
import { SuppressionsService } from '../suppressions/suppressions.service';
import { afterCreatedAtSql, decodeCursor, type Page, toPage } from '@crm/platform';
import { parseInstant } from '@crm/values';
import { MAIL_TRANSPORT, type MailTransport } from '../transport/mail-transport';
import { CampaignInputValidator } from './campaign-input.validator';
import { CampaignStatsService, REQUEUEABLE } from './campaign-stats.service';
import { CampaignError } from './campaign.errors';
import { MailTransportError } from '../transport/transport-errors';
import type { CreateCampaignDto, UpdateCampaignDto } from './dto/campaign-input.dto';
import type { CampaignListQueryDto, RecipientListQueryDto } from './dto/campaign-query.dto';
import {
  CampaignDetailDto,
  CampaignDto,
  type CampaignSummaryDto,
  type RecipientDto,
  type RequeuedDto,
} from './dto/campaign.dto';

const EDITABLE = ['draft', 'scheduled'];

/** A `scheduledAt` that passed IsInstant, read the same way (`new Date` refuses offsets like `+01`). */
const instantOf = (text: string): Date => parseInstant(text)!;

/** Fields a campaign cannot be without (null is refused); the others may be cleared with null. */
const NOT_CLEARABLE = ['name', 'subject', 'segmentId', 'topicId', 'html', 'markdown', 'tracking'] as const;

/** Staff campaign lifecycle: draft → scheduled → sending → sent, or cancelled on the way. */

@Injectable()
export class CampaignsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly validator: CampaignInputValidator,
    private readonly scheduler: CampaignScheduler,
    private readonly stats: CampaignStatsService,
    private readonly builder: CampaignMailBuilder,
    private readonly requeuer: RecipientRequeueService,
    private readonly suppressions: SuppressionsService,
    private readonly audienceUse: AudienceUsePublisher,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  private get campaigns() {
    return this.dataSource.getRepository(Campaign);
  }

  async create(input: CreateCampaignDto): Promise<CampaignDetailDto> {
    const campaign = this.campaigns.create({
      name: input.name,
      subject: input.subject,
      html: input.html ?? null,
      markdown: input.markdown ?? null,
      segmentId: input.segmentId,
      ...(input.topicId !== undefined && { topicId: input.topicId }),
      fromName: input.fromName ?? null,
      replyTo: input.replyTo ?? null,
      scheduledAt: input.scheduledAt ? instantOf(input.scheduledAt) : null,
      cron: input.cron ?? null,
      trackOpens: input.tracking?.opens ?? true,
      trackClicks: input.tracking?.clicks ?? true,
      parentCampaignId: null,
    });
    campaign.status = campaign.scheduledAt || campaign.cron ? 'scheduled' : 'draft';
    await this.validator.check(campaign);
    const saved = await this.campaigns.save(campaign);
    await this.applySchedule(saved);
    await this.audienceUse.sync(saved.id);
    return this.detail(saved.id);
  }

  async update(id: string, input: UpdateCampaignDto): Promise<CampaignDetailDto> {
    // JSON null passes the optional fields' validation: it clears what may be empty, and nothing else.
    const nulled = NOT_CLEARABLE.find((field) => (input as Record<string, unknown>)[field] === null);
    if (nulled) throw CampaignError.invalid(nulled, 'must not be null');
    const campaign = await this.find(id);
    if (!EDITABLE.includes(campaign.status)) throw CampaignError.wrongState(campaign.status, 'edit');
    const body = input.html !== undefined ? { html: input.html, markdown: null } : {};
    const markdown = input.markdown !== undefined ? { markdown: input.markdown, html: null } : {};
    Object.assign(campaign, {
      ...body,
      ...markdown,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.subject !== undefined && { subject: input.subject }),
      ...(input.segmentId !== undefined && { segmentId: input.segmentId }),
      ...(input.topicId !== undefined && { topicId: input.topicId }),
      ...(input.fromName !== undefined && { fromName: input.fromName }),
      ...(input.replyTo !== undefined && { replyTo: input.replyTo }),
      ...(input.scheduledAt !== undefined && {
        scheduledAt: input.scheduledAt === null ? null : instantOf(input.scheduledAt),
      }),
      ...(input.cron !== undefined && { cron: input.cron }),
      ...(input.tracking?.opens !== undefined && { trackOpens: input.tracking.opens }),
      ...(input.tracking?.clicks !== undefined && { trackClicks: input.tracking.clicks }),
    });
    campaign.status = campaign.scheduledAt || campaign.cron ? 'scheduled' : 'draft';
    await this.validator.check(campaign);
    const saved = await this.campaigns.save(campaign);
    await this.applySchedule(saved);
    await this.audienceUse.sync(saved.id);
    return this.detail(saved.id);
  }

  async list(query: CampaignListQueryDto): Promise<Page<CampaignSummaryDto>> {
    const after = decodeCursor(query.cursor, 'by-time');
    const builder = this.campaigns
      .createQueryBuilder('c')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(query.limit + 1);
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    if (after) {
      builder.andWhere(afterCreatedAtSql('campaigns', 'c', 'CAST(:at AS timestamptz)', 'CAST(:id AS uuid)'), {
        at: after.at,
        id: after.id,
      });
    }
    const rows = await builder.getMany();
    const counts = await this.stats.counts(rows.slice(0, query.limit).map((row) => row.id));
    return toPage(
      rows,
      query.limit,
      (row) => ({ at: row.createdAt.toISOString(), id: row.id }),
      (row) => ({ ...CampaignDto.from(row), counts: counts.get(row.id)! }),
    );
  }

  async detail(id: string): Promise<CampaignDetailDto> {
    const campaign = await this.find(id);
    return { ...CampaignDto.from(campaign), ...(await this.stats.stats(campaign)) };
  }

  async sendTest(id: string, emails: string[]): Promise<string[]> {
    const campaign = await this.find(id);
    // A suppressed address bounced, complained or unsubscribed: not even a test goes there.
    const suppressed = await this.suppressions.suppressedAmong(emails);
    if (suppressed.length > 0) {
      const which = suppressed.map((row) => `${row.email} (${row.reason})`).join(', ');
      throw CampaignError.invalid('emails', `suppressed, so not mailed even a test: ${which}`);
    }
    try {
      for (const email of emails) await this.transport.send(this.builder.test(campaign, email));
    } catch (error) {
      throw error instanceof MailTransportError ? CampaignError.testNotSent(error) : error;
    }
    return emails;
  }

  async send(id: string): Promise<CampaignDetailDto> {
    const campaign = await this.find(id);
    if (campaign.cron) throw CampaignError.wrongState('recurring', 'send now');
    const started = await this.campaigns.update(
      { id, status: In(['draft', 'scheduled']) },
      { status: 'sending', startedAt: () => 'now()' },
    );
    if (!started.affected) throw CampaignError.wrongState(campaign.status, 'send');
    await this.audienceUse.sync(id);
    await this.scheduler.startNow(id);
    return this.detail(id);
  }

  /** Stops the campaign: no further batch is claimed; a batch already in flight finishes. */
  async cancel(id: string): Promise<CampaignDetailDto> {
    const campaign = await this.find(id);
    const cancelled = await this.dataSource.transaction(async (tx) => {
      const updated = await tx.update(
        Campaign,
        { id, status: In(['draft', 'scheduled', 'sending']) },
        { status: 'cancelled', finishedAt: () => 'now()' },
      );
      // Batches never claimed are never sent: their frozen addresses and names go with the cancel,
      // not kept for ever beyond the reach of an erasure (their recipients stay counted queued).
      if (updated.affected) await tx.delete(CampaignBatchMembers, { campaignId: id });
      return updated;
    });
    if (!cancelled.affected) throw CampaignError.wrongState(campaign.status, 'cancel');
    await this.scheduler.cancelStart(id);
    if (campaign.cron) await this.scheduler.stopRepeating(id);
    await this.audienceUse.sync(id);
    return this.detail(id);
  }

  async recipients(id: string, query: RecipientListQueryDto): Promise<Page<RecipientDto>> {
    await this.find(id);
    const after = decodeCursor(query.cursor, 'by-id');
    const builder = this.dataSource
      .getRepository(CampaignRecipient)
      .createQueryBuilder('r')
      .where('r.campaign_id = :id', { id })
      .orderBy('r.id', 'ASC')
      .limit(query.limit + 1);
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (after) builder.andWhere('r.id > :after', { after: after.id });
    const rows = await builder.getMany();
    return toPage(
      rows,
      query.limit,
      (row) => ({ id: row.id }),
      (row) => ({
        id: row.id,
        supporterId: row.supporterId,
        email: row.email,
        status: row.status,
        batchSeq: row.batchSeq,
        providerMessageId: row.providerMessageId,
        sentAt: row.sentAt?.toISOString() ?? null,
        lastEventAt: row.lastEventAt?.toISOString() ?? null,
      }),
    );
  }

  async requeue(id: string, source: RequeueSource): Promise<RequeuedDto> {
    const campaign = await this.find(id);
    if (!REQUEUEABLE.includes(campaign.status)) {
      throw CampaignError.wrongState(campaign.status, `resend ${source} recipients of`);
    }
    const result = await this.requeuer.requeue(id, source);
    await this.audienceUse.sync(id);
    if (result.batches === 0 && result.waitingUntil) {
      throw new CampaignError(
        'grace_period',
        `uncertain batches may still be confirmed by SendGrid events; resend after ${result.waitingUntil.toISOString()}`,
        { resendableAt: result.waitingUntil.toISOString() },
      );
    }
    return { recipients: result.recipients, batches: result.batches };
  }

  private async find(id: string): Promise<Campaign> {
    const campaign = await this.campaigns.findOneBy({ id });
    if (!campaign) throw CampaignError.notFound(id);
    return campaign;
  }

  private async applySchedule(campaign: Campaign): Promise<void> {
    if (campaign.cron) {
      await this.scheduler.cancelStart(campaign.id);
      await this.scheduler.repeat(campaign.id, campaign.cron);
      return;
    }
    await this.scheduler.stopRepeating(campaign.id);
    if (campaign.scheduledAt) await this.scheduler.startAt(campaign.id, campaign.scheduledAt);
    else await this.scheduler.cancelStart(campaign.id);
  }
}
