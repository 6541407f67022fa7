import { RECURRING_STATUSES, type RecurringStatus } from '@crm/entities';
import { ApiProperty } from '@nestjs/swagger';

export class RecurringDonationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) supporterId!: string | null;
  @ApiProperty({ nullable: true }) email!: string | null;
  @ApiProperty({ nullable: true }) donorName!: string | null;
  @ApiProperty({ description: 'Monthly gift, minor units, without any covered fee' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: RECURRING_STATUSES }) status!: RecurringStatus;
  @ApiProperty() cancelAtPeriodEnd!: boolean;
  @ApiProperty({ nullable: true }) campaign!: string | null;
  @ApiProperty({ nullable: true }) currentPeriodEnd!: string | null;
  @ApiProperty({ nullable: true }) startedAt!: string | null;
  @ApiProperty({ nullable: true }) cancelledAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class RecurringDonationPageDto {
  @ApiProperty({ type: [RecurringDonationDto] }) items!: RecurringDonationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
