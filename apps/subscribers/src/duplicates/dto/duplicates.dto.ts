import { PageQueryDto } from '@crm/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { DUPLICATE_REASONS } from '../duplicates.queries';

export class DuplicatesQuery extends PageQueryDto {}

export class DuplicateSupporterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, nullable: true }) postcode!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DuplicatePairDto {
  @ApiProperty({
    enum: DUPLICATE_REASONS,
    isArray: true,
    description: 'What the two records share besides the name.',
  })
  reasons!: string[];
  @ApiProperty({
    type: [DuplicateSupporterDto],
    minItems: 2,
    maxItems: 2,
    description: 'Older record first.',
  })
  supporters!: DuplicateSupporterDto[];
}

export class DuplicatePairListDto {
  @ApiProperty({ type: [DuplicatePairDto] }) items!: DuplicatePairDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class MergeSupportersDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'The duplicate to merge into this record; its history moves here and it is kept only as a pointer.',
  })
  @IsUUID('all')
  otherId!: string;
}
