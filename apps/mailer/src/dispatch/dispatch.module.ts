import { mailerDispatchQueue, QueuesModule } from '@crm/queues';
import { Module } from '@nestjs/common';
import { AudienceUseModule } from '../audience-use/audience-use.module';
import { ErasureService } from '../erasure/erasure.service';
import { TemplatesModule } from '../templates/templates.module';
import { TransportModule } from '../transport/transport.module';
import { BatchLedger } from './batch-ledger';
import { BatchSenderService } from './batch-sender.service';
import { CampaignMailBuilder } from './campaign-mail.builder';
import { CampaignScheduler } from './campaign-scheduler';
import { CampaignStartService } from './campaign-start.service';
import { CrashRecoveryService } from './crash-recovery.service';
import { DispatchProcessor } from './dispatch.processor';
import { RecipientRequeueService } from './recipient-requeue.service';
import { RecurringCampaignService } from './recurring-campaign.service';
import { RecurringTimeZoneService } from './recurring-time-zone.service';
import { SupporterMergeService } from '../supporter-merge/supporter-merge.service';

@Module({
  imports: [QueuesModule.forQueues(mailerDispatchQueue), AudienceUseModule, TemplatesModule, TransportModule],
  providers: [
    BatchLedger,
    BatchSenderService,
    CampaignMailBuilder,
    CampaignScheduler,
    CampaignStartService,
    CrashRecoveryService,
    RecipientRequeueService,
    RecurringCampaignService,
    RecurringTimeZoneService,
    ErasureService,
    SupporterMergeService,
    DispatchProcessor,
  ],
  exports: [CampaignMailBuilder, CampaignScheduler, RecipientRequeueService, AudienceUseModule],
})
export class DispatchModule {}
