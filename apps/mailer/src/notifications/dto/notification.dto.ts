import { NOTIFICATION_KINDS, type NotificationKind } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class NotificationQueryDto {
  @ApiPropertyOptional({
    description: 'the `nextCursor` of the previous answer: only notifications newer than it',
  })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/, { message: 'after must be a nextCursor this API answered' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export class NotificationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ description: 'the name when it happened' }) campaignName!: string;
  @ApiProperty({ description: 'in plain words, e.g. “June appeal” was sent to 1,234 people' })
  message!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto], description: 'newest first' }) items!: NotificationDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'pass as `after` next time to get only newer ones: the newest id answered, or `after` itself ' +
      'when nothing is newer; null when there are no notifications at all',
  })
  nextCursor!: string | null;
}
