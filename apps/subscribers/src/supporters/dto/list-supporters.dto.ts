import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const SUBSCRIPTION_FILTERS = [...SUBSCRIPTION_STATUSES, 'none'] as const;
export type SubscriptionFilter = SubscriptionStatus | 'none';

export class ListSupportersQuery {
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

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
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
