import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional } from 'class-validator';
import { PageQueryDto } from '@crm/platform';

export class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only messages to this address' })
  @IsOptional()
  @IsEmail()
  to?: string;
}
