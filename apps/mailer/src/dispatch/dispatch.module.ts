import { mailerDispatchQueue, QueuesModule } from '@crm/queues';
import { Module } from '@nestjs/common';
import { AudienceUseModule } from '../audience-use/audience-use.module';
import { ErasureService } from '../erasure/erasure.service';
import { TemplatesModule } from '../templates/templates.module';
import { TransportModule } from '../transport/transport.module';
import { BatchLeases } from './batch-leases';
import { BatchLedger } from './batch-ledger';
import { BatchRecoveryService } from './batch-recovery.service';
import { BatchSenderService } from './batch-sender.service';
import { CampaignMailBuilder } from './campaign-mail.builder';
import { CampaignScheduler } from './campaign-scheduler';
import { CampaignStartService } from './campaign-start.service';
import { CrashRecoveryService } from './crash-recovery.service';
import { DispatchProcessor } from './dispatch.processor';
import { LeaseKeeper } from './lease-keeper.service';
import { RecipientRequeueService } from './recipient-requeue.service';
import { RecurringCampaignService } from './recurring-campaign.service';
import { RecurringTimeZoneService } from './recurring-time-zone.service';
import { SendBatchIds } from './send-batch-ids';
import { SupporterMergeService } from '../supporter-merge/supporter-merge.service';

@Module({
  imports: [QueuesModule.forQueues(mailerDispatchQueue), AudienceUseModule, TemplatesModule, TransportModule],
  providers: [
    BatchLeases,
    BatchLedger,
    BatchRecoveryService,
    LeaseKeeper,
    SendBatchIds,
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
