import { mailerDispatchQueue, QueuesModule, transactionalMailQueue } from '@crm/queues';
import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [CampaignsModule, QueuesModule.forQueues(mailerDispatchQueue, transactionalMailQueue)],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
