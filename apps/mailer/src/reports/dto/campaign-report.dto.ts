import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const ENGAGEMENT_EVENTS = ['opened', 'clicked'] as const;

export class ReportMetricDto {
  @ApiProperty({ description: 'Recipients.' }) count!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'count / sent, a fraction from 0 to 1 rounded to 4 places; null before anything was sent.',
    example: 0.2143,
  })
  rate!: number | null;
}

export class ReportCountsDto {
  @ApiProperty({
    description: 'Recipients SendGrid accepted (and everything after): the base of every rate.',
  })
  sent!: number;
  @ApiProperty({ type: ReportMetricDto }) delivered!: ReportMetricDto;
  @ApiProperty({ type: ReportMetricDto, description: 'Opened or clicked (a click shows an open).' })
  opened!: ReportMetricDto;
  @ApiProperty({ type: ReportMetricDto, description: 'Clicked at least one link.' })
  clicked!: ReportMetricDto;
  @ApiProperty({ type: ReportMetricDto }) bounced!: ReportMetricDto;
  @ApiProperty({ type: ReportMetricDto, description: 'Reported the email as spam.' })
  complained!: ReportMetricDto;
  @ApiProperty({ type: ReportMetricDto }) unsubscribed!: ReportMetricDto;
}

export class LinkClicksDto {
  @ApiProperty({ description: 'The link, with any link token redacted.' }) url!: string;
  @ApiProperty({ description: 'Every click on it.' }) clicks!: number;
  @ApiProperty({ description: 'Recipients who clicked it.' }) uniqueClickers!: number;
}

export class FollowingDonationsDto {
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ description: 'Gifts.' }) count!: number;
  @ApiProperty({ description: 'Their total net of refunds, integer minor units.' }) amount!: number;
  @ApiProperty({ description: 'Recipients who gave them.' }) donors!: number;
}

export class CampaignReportDto {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: ReportCountsDto }) counts!: ReportCountsDto;
  @ApiProperty({ type: [LinkClicksDto], description: 'Clicks per link, most clicked first.' })
  links!: LinkClicksDto[];
  @ApiProperty({
    type: [FollowingDonationsDto],
    description:
      'Counted gifts from recipients received from their send until 7 days after it, per currency.',
  })
  donationsFollowing!: FollowingDonationsDto[];
  @ApiProperty({ description: 'Days after each send that a gift counts as following it.', example: 7 })
  donationWindowDays!: number;
}

export class EngagedPeopleQueryDto {
  @ApiProperty({ enum: ENGAGEMENT_EVENTS })
  @IsIn(ENGAGEMENT_EVENTS)
  event!: (typeof ENGAGEMENT_EVENTS)[number];
}
