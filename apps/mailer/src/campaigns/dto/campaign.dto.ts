import { CAMPAIGN_STATUSES, type Campaign, type CampaignStatus } from '@crm/entities';
import { ApiProperty } from '@nestjs/swagger';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export class CampaignTrackingDto {
  @ApiProperty() opens!: boolean;
  @ApiProperty() clicks!: boolean;
}

/** A campaign or draft body as a sample recipient receives it: what SendGrid would deliver. */
export class CampaignPreviewDto {
  @ApiProperty() subject!: string;
  @ApiProperty() html!: string;
  @ApiProperty({ description: 'the plain-text part, derived from the rendered HTML' }) text!: string;
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ nullable: true, type: String }) html!: string | null;
  @ApiProperty({ nullable: true, type: String }) markdown!: string | null;
  @ApiProperty({ nullable: true, type: String }) fromName!: string | null;
  @ApiProperty({ nullable: true, type: String }) replyTo!: string | null;
  @ApiProperty({ format: 'uuid' }) segmentId!: string;
  @ApiProperty({ format: 'uuid', description: 'the topic it is sent for' }) topicId!: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: CampaignStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) scheduledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) cron!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentCampaignId!: string | null;
  @ApiProperty({
    type: CampaignTrackingDto,
    description: 'as chosen for this email; MAIL_TRACKING=false turns both off for every email',
  })
  tracking!: CampaignTrackingDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(campaign: Campaign): CampaignDto {
    return {
      id: campaign.id,
      name: campaign.name,
      subject: campaign.subject,
      html: campaign.html,
      markdown: campaign.markdown,
      fromName: campaign.fromName,
      replyTo: campaign.replyTo,
      segmentId: campaign.segmentId,
      topicId: campaign.topicId,
      status: campaign.status,
      scheduledAt: iso(campaign.scheduledAt),
      cron: campaign.cron,
      parentCampaignId: campaign.parentCampaignId,
      tracking: { opens: campaign.trackOpens, clicks: campaign.trackClicks },
      startedAt: iso(campaign.startedAt),
      finishedAt: iso(campaign.finishedAt),
      createdAt: campaign.createdAt.toISOString(),
      updatedAt: campaign.updatedAt.toISOString(),
    };
  }
}

/**
 * Recipients by how far they got. `sent`, `delivered`, `opened` are cumulative (an opened email was
 * also delivered and sent); the others count recipients in exactly that state.
 */
export class CampaignCountsDto {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'frozen, not yet sent' }) queued!: number;
  @ApiProperty({ description: 'accepted by SendGrid (includes everything after)' }) sent!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty() opened!: number;
  @ApiProperty() clicked!: number;
  @ApiProperty() bounced!: number;
  @ApiProperty() complained!: number;
  @ApiProperty() unsubscribed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'in a batch whose request may or may not have reached SendGrid' })
  uncertain!: number;
  @ApiProperty({ description: 'no longer mailable when their batch went out' }) skipped!: number;
}

export class CampaignBatchCountsDto {
  @ApiProperty() pending!: number;
  @ApiProperty() sending!: number;
  @ApiProperty() sent!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() uncertain!: number;
}

export class UncertainBatchDto {
  @ApiProperty() seq!: number;
  @ApiProperty() recipientCount!: number;
  @ApiProperty({ description: 'recipients still without any provider event' }) unconfirmed!: number;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ format: 'date-time', description: 'POST /campaigns/:id/resend-uncertain allowed from' })
  resendableAt!: string;
  @ApiProperty({
    description: 'resend-uncertain would resend this batch now: grace period over, recipients unconfirmed',
  })
  resendableNow!: boolean;
}

export class FailedBatchDto {
  @ApiProperty() seq!: number;
  @ApiProperty() recipientCount!: number;
  @ApiProperty({ description: 'recipients still failed (retry-failed moves them to new batches)' })
  failed!: number;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ description: 'POST /campaigns/:id/retry-failed would retry this batch now' })
  retryableNow!: boolean;
}

/** What the two buttons of the progress screen can do now (each acts on the whole campaign). */
export class SendAttentionDto {
  @ApiProperty({ description: 'recipients of uncertain batches no provider event has confirmed' })
  uncertainRecipients!: number;
  @ApiProperty({ description: 'POST /campaigns/:id/resend-uncertain would resend someone now' })
  canResendUncertainNow!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'the earliest end of a grace period among batches still holding unconfirmed recipients',
  })
  resendUncertainFrom!: string | null;
  @ApiProperty({ description: 'recipients of failed batches not yet retried' }) failedRecipients!: number;
  @ApiProperty({ description: 'POST /campaigns/:id/retry-failed would retry someone now' })
  canRetryFailedNow!: boolean;
}

export class CampaignDetailDto extends CampaignDto {
  @ApiProperty({ type: CampaignCountsDto }) counts!: CampaignCountsDto;
  @ApiProperty({ type: CampaignBatchCountsDto }) batches!: CampaignBatchCountsDto;
  @ApiProperty({ type: [UncertainBatchDto] }) uncertainBatches!: UncertainBatchDto[];
  @ApiProperty({ type: [FailedBatchDto] }) failedBatches!: FailedBatchDto[];
  @ApiProperty({ type: SendAttentionDto }) attention!: SendAttentionDto;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'while sending: recipients in batches SendGrid accepted in the last minute (since the start when ' +
      'that is under a minute), per minute; null otherwise',
  })
  ratePerMinute!: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'estimated finish while sending',
  })
  eta!: string | null;
}

export class CampaignSummaryDto extends CampaignDto {
  @ApiProperty({ type: CampaignCountsDto }) counts!: CampaignCountsDto;
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignSummaryDto] }) items!: CampaignSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class RecipientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) supporterId!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: Number }) batchSeq!: number | null;
  @ApiProperty({ nullable: true, type: String }) providerMessageId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastEventAt!: string | null;
}

export class RecipientPageDto {
  @ApiProperty({ type: [RecipientDto] }) items!: RecipientDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class RequeuedDto {
  @ApiProperty({ description: 'recipients queued again' }) recipients!: number;
  @ApiProperty({ description: 'new batches planned for them' }) batches!: number;
}

export class TestSentDto {
  @ApiProperty({ type: [String] }) sentTo!: string[];
}
