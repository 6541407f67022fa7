import { ApiProperty } from '@nestjs/swagger';

export class IncomeMonthDto {
  @ApiProperty({ description: 'Month of the year, 1 (January) to 12 (Europe/London)' }) month!: number;
  @ApiProperty({ description: 'Received this year in that month, minor units, net of refunds' })
  thisYear!: number;
  @ApiProperty({ description: 'Received in the same month last year, minor units, net of refunds' })
  lastYear!: number;
  @ApiProperty({ description: 'This year: one-off gifts (offline gifts included)' }) oneOff!: number;
  @ApiProperty({ description: 'This year: monthly gifts' }) monthly!: number;
}

export class IncomeCampaignDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: gifts with no campaign' })
  campaign!: string | null;
  @ApiProperty({ description: 'This year, minor units, net of refunds' }) amount!: number;
  @ApiProperty() count!: number;
}

export class IncomeSummaryDto {
  @ApiProperty({ example: 2026, description: 'This calendar year (Europe/London)' }) year!: number;
  @ApiProperty({ example: 'gbp', description: 'The only currency counted' }) currency!: string;
  @ApiProperty({ type: [IncomeMonthDto], description: 'Twelve months, January first' })
  months!: IncomeMonthDto[];
  @ApiProperty({ type: [IncomeCampaignDto], description: 'This year, largest first' })
  byCampaign!: IncomeCampaignDto[];
}
