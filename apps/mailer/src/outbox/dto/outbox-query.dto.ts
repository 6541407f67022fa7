import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional } from 'class-validator';
import { ListQueryDto } from '../../pagination/list-query.dto';

export class OutboxQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'only messages to this address' })
  @IsOptional()
  @IsEmail()
  to?: string;
}
