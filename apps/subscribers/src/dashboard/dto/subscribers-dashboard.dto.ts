import { ApiProperty } from '@nestjs/swagger';

export class SupporterTotalsDto {
  @ApiProperty({ description: 'Supporters not erased.' }) total!: number;
  @ApiProperty({ description: 'Of them, subscribed to the newsletter and confirmed.' }) subscribed!: number;
}

export class NewSubscribersDto {
  @ApiProperty({ example: 30 }) days!: number;
  @ApiProperty({ description: 'Subscriptions confirmed in the last `days` days and still subscribed.' })
  count!: number;
}

export class FailedImportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class FailedImportsDto {
  @ApiProperty({ example: 30 }) days!: number;
  @ApiProperty({ description: 'Imports started in the last `days` days that failed as a whole.' })
  count!: number;
  @ApiProperty({ type: [FailedImportDto], description: 'The five most recent of them.' })
  recent!: FailedImportDto[];
}

export class SubscribersDashboardDto {
  @ApiProperty({ type: SupporterTotalsDto }) supporters!: SupporterTotalsDto;
  @ApiProperty({ type: NewSubscribersDto }) newSubscribers!: NewSubscribersDto;
  @ApiProperty({ type: FailedImportsDto }) failedImports!: FailedImportsDto;
}
