import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class TopicDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Appeals' }) name!: string;
  @ApiProperty({ description: 'Shown to supporters under the name on the preference page' })
  description!: string;
  @ApiProperty({
    description:
      'Donors mailed under the charity soft opt-in (PECR reg. 22(3A)) may receive it: only for the charity’s own charitable purposes (appeals, campaign actions), never a third party’s offer',
  })
  softOptIn!: boolean;
  @ApiProperty({ description: 'A subscriber who never chose is on it (Newsletter)' })
  joinedByDefault!: boolean;
  @ApiProperty({ description: 'Subscribed supporters on it now' }) subscribers!: number;
}

export class TopicListDto {
  @ApiProperty({ type: [TopicDto] }) items!: TopicDto[];
}

export class CreateTopicDto {
  @ApiProperty({ maxLength: 80, example: 'Appeals' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name!: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(300)
  description?: string;

  @ApiPropertyOptional({ default: false, description: 'Soft opt-in donors may receive it' })
  @IsOptional()
  @IsBoolean()
  softOptIn?: boolean;
}

export class UpdateTopicDto {
  @ApiPropertyOptional({ maxLength: 80 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(300)
  description?: string;

  @ApiPropertyOptional({ description: 'Soft opt-in donors may receive it' })
  @IsOptional()
  @IsBoolean()
  softOptIn?: boolean;
}
