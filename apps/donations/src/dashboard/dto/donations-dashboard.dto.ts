import { ApiProperty } from '@nestjs/swagger';

export class IncomeDto {
  @ApiProperty({ example: 'gbp' }) currency!: string;
  @ApiProperty({ description: 'Minor units, net of refunds.' }) amount!: number;
  @ApiProperty({ description: 'Gifts and monthly instalments counted.' }) count!: number;
}

export class IncomePeriodDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the period (midnight, Europe/London).' })
  from!: string;
  @ApiProperty({ type: [IncomeDto], description: 'One entry per currency; empty when nothing was received.' })
  totals!: IncomeDto[];
}

export class MonthlyIncomeDto {
  @ApiProperty({ example: 'gbp' }) currency!: string;
  @ApiProperty({ description: 'Minor units a month.' }) amount!: number;
}

export class MonthlyDonorsDto {
  @ApiProperty({ description: 'Donors with at least one active monthly gift.' }) donors!: number;
  @ApiProperty({
    type: [MonthlyIncomeDto],
    description: 'What the active monthly gifts bring in each month.',
  })
  monthlyIncome!: MonthlyIncomeDto[];
}

export class GiftAidClaimableDto {
  @ApiProperty({ description: 'Eligible donations in no claim yet (GET /gift-aid/eligible).' })
  donations!: number;
  @ApiProperty({ description: 'Their total in pence (the amounts a claim would list).' })
  donationsAmount!: number;
  @ApiProperty({ description: 'Tax reclaimable from HMRC: 25 % of that total, in pence, rounded down.' })
  reclaimable!: number;
  @ApiProperty({ example: 'gbp' }) currency!: string;
}

export class DonationsDashboardDto {
  @ApiProperty({ type: IncomePeriodDto, description: 'Paid since the first of this month (Europe/London).' })
  thisMonth!: IncomePeriodDto;
  @ApiProperty({
    type: IncomePeriodDto,
    description: 'Calendar year to date: paid since 1 January (Europe/London), not a financial year.',
  })
  yearToDate!: IncomePeriodDto;
  @ApiProperty({ type: MonthlyDonorsDto }) monthlyDonors!: MonthlyDonorsDto;
  @ApiProperty({ type: GiftAidClaimableDto }) giftAidClaimable!: GiftAidClaimableDto;
}
