import { ApiProperty } from '@nestjs/swagger';

export class PeriodTotalDto {
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Gifts, minor units, without covered fees' }) amount!: number;
  @ApiProperty({ description: 'Refunded, minor units' }) refundedAmount!: number;
}

export class CampaignTotalDto {
  @ApiProperty({ nullable: true, type: String }) campaign!: string | null;
  @ApiProperty() currency!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Gifts, minor units, without covered fees' }) amount!: number;
  @ApiProperty({ description: 'Refunded, minor units' }) refundedAmount!: number;
}

export class RecurringIncomeDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Donors with an active monthly gift' }) activeDonors!: number;
  @ApiProperty({ description: 'Monthly income: the sum of active monthly gifts, minor units' })
  amount!: number;
}

export class DonationSummaryDto {
  @ApiProperty({ type: [PeriodTotalDto] }) byMonth!: PeriodTotalDto[];
  @ApiProperty({ type: [CampaignTotalDto] }) byCampaign!: CampaignTotalDto[];
  @ApiProperty({ type: [RecurringIncomeDto] }) recurring!: RecurringIncomeDto[];
}
