import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '@crm/entities';
import { PageQueryDto } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const SUBSCRIPTION_FILTERS = [...SUBSCRIPTION_STATUSES, 'none'] as const;
export type SubscriptionFilter = SubscriptionStatus | 'none';

export class ListSupportersQuery extends PageQueryDto {
  @ApiPropertyOptional({
    minLength: 2,
    maxLength: 200,
    description:
      'Case-insensitive. Three letters or digits in a row or more: found anywhere in the email or the full name ' +
      '("gmail", "Sam Smith", "ith"). Shorter ("Jo", "Wu"): the start of the email, full name or last name. ' +
      'At least two characters other than spaces.',
  })
  @IsOptional()
  @IsString()
  @Matches(/\S[\s\S]*\S/, { message: 'q must hold at least 2 characters other than spaces' })
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Only supporters carrying this tag.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  tag?: string;

  @ApiPropertyOptional({
    enum: SUBSCRIPTION_FILTERS,
    description: '`none`: no newsletter subscription at all.',
  })
  @IsOptional()
  @IsIn(SUBSCRIPTION_FILTERS)
  status?: SubscriptionFilter;
}

export class SupporterListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES, nullable: true })
  subscriptionStatus!: SubscriptionStatus | null;
  @ApiProperty({ description: 'Their death is recorded: no contact of any kind.' }) deceased!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SupporterListDto {
  @ApiProperty({ type: [SupporterListItemDto] }) items!: SupporterListItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
