import {
  CAMPAIGN_STATUSES,
  type CampaignStatus,
  RECIPIENT_STATUSES,
  type RecipientStatus,
} from '@crm/entities';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQueryDto } from '../../pagination/list-query.dto';

export class CampaignListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class RecipientListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: RECIPIENT_STATUSES })
  @IsOptional()
  @IsIn(RECIPIENT_STATUSES)
  status?: RecipientStatus;
}
