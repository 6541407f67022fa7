import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class TagsQueryDto {
  @ApiPropertyOptional({ description: 'Part of a tag, any case; all tags when absent', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export class TagUseDto {
  @ApiProperty() tag!: string;
  @ApiProperty({ description: 'Supporters carrying it (as of up to a minute ago)' }) supporters!: number;
}

export class TagListDto {
  @ApiProperty({
    type: [TagUseDto],
    description: 'Most used first (then A–Z); tags starting with `q` before the rest',
  })
  items!: TagUseDto[];
}
