import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { SuppressionsModule } from '../suppressions/suppressions.module';
import { TemplatesModule } from '../templates/templates.module';
import { TransportModule } from '../transport/transport.module';
import { CampaignInputValidator } from './campaign-input.validator';
import { CampaignPreviewService } from './campaign-preview.service';
import { CampaignStatsService } from './campaign-stats.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [DispatchModule, SuppressionsModule, TemplatesModule, TransportModule],
  controllers: [CampaignsController],
  providers: [CampaignInputValidator, CampaignPreviewService, CampaignStatsService, CampaignsService],
  exports: [CampaignStatsService],
})
export class CampaignsModule {}
