import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '@crm/entities';
import { PageQueryDto } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export const SUBSCRIPTION_FILTERS = [...SUBSCRIPTION_STATUSES, 'none'] as const;
export type SubscriptionFilter = SubscriptionStatus | 'none';

export class ListSupportersQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Prefix of an email address, first name or last name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
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
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SupporterListDto {
  @ApiProperty({ type: [SupporterListItemDto] }) items!: SupporterListItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
