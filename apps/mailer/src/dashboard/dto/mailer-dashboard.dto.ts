import { CAMPAIGN_STATUSES, type CampaignStatus } from '@crm/entities';
import { ApiProperty } from '@nestjs/swagger';

export class LastCampaignDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ description: 'Recipients SendGrid accepted (and everything after).' }) sent!: number;
  @ApiProperty() opened!: number;
  @ApiProperty() clicked!: number;
}

export class CampaignAttentionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: CampaignStatus;
  @ApiProperty({ description: 'Batches that may or may not have reached SendGrid.' })
  uncertainBatches!: number;
  @ApiProperty({ description: 'Batches that failed.' }) failedBatches!: number;
}

export class CampaignsAttentionDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [CampaignAttentionDto], description: 'The ten most recently created of them.' })
  campaigns!: CampaignAttentionDto[];
}

export class QueueFailuresDto {
  @ApiProperty({ example: 'mailer-dispatch' }) queue!: string;
  @ApiProperty({ description: 'Failed jobs kept for inspection.' }) failed!: number;
}

export class FailedJobsDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [QueueFailuresDto] }) queues!: QueueFailuresDto[];
}

export class MailerDashboardDto {
  @ApiProperty({
    type: LastCampaignDto,
    nullable: true,
    description: 'The campaign that finished sending last.',
  })
  lastSentCampaign!: LastCampaignDto | null;
  @ApiProperty({ type: CampaignsAttentionDto, description: 'Campaigns with uncertain or failed batches.' })
  campaignsWithProblems!: CampaignsAttentionDto;
  @ApiProperty({ type: FailedJobsDto, description: 'Failed jobs of the queues the mailer works on.' })
  failedJobs!: FailedJobsDto;
}
