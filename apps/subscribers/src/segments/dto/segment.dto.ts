import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const RULES_DOC = {
  description: 'Rule tree (DESIGN §4); its JSON Schema is served at GET /segments/schema',
  type: 'object',
  additionalProperties: true,
  example: {
    all: [
      { field: 'subscription.status', op: 'eq', value: 'subscribed' },
      { field: 'donations.total', op: 'gte', value: 5000, within: 'P365D' },
    ],
  },
} as const;

/** `POST /segments/preview` body. */
export class PreviewSegmentDto {
  @ApiProperty(RULES_DOC)
  @IsObject()
  rules!: Record<string, unknown>;
}

/** Body of `POST /segments` and `PUT /segments/:id` (a full replacement). */
export class SaveSegmentDto extends PreviewSegmentDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;
}

export class SegmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty(RULES_DOC) rules!: unknown;
  @ApiProperty({ description: 'Starter segment shipped with the system: read-only' }) builtin!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SegmentSizeDto {
  @ApiProperty({ description: 'Supporters matching the rules' }) count!: number;
  @ApiProperty({ description: 'Of those, how many may receive marketing mail now' }) mailable!: number;
  @ApiProperty({ format: 'date-time', description: 'When it was counted (sizes are kept for a minute)' })
  countedAt!: string;
}

export class SegmentUserDto {
  @ApiProperty() campaignName!: string;
  @ApiProperty({ enum: ['draft', 'scheduled', 'recurring', 'sending', 'in use'] }) how!: string;
}

export class SegmentListItemDto extends SegmentDto {
  @ApiProperty({
    type: SegmentSizeDto,
    nullable: true,
    description: 'Null while it is still being counted: ask again in a moment',
  })
  size!: SegmentSizeDto | null;
  @ApiProperty({
    type: [SegmentUserDto],
    description: 'Emails relying on it (it cannot be deleted meanwhile)',
  })
  usedBy!: SegmentUserDto[];
}

export class SegmentListDto {
  @ApiProperty({ type: [SegmentListItemDto] }) items!: SegmentListItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
