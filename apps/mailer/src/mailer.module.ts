import { PlatformModule } from '@crm/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { MailerConfig } from './config/mailer.config';
import { CampaignsModule } from './campaigns/campaigns.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OutboxModule } from './outbox/outbox.module';
import { ReportsModule } from './reports/reports.module';
import { SendGridWebhookModule } from './sendgrid-webhook/sendgrid-webhook.module';
import { SuppressionsModule } from './suppressions/suppressions.module';
import { TransactionalModule } from './transactional/transactional.module';

/** The mailer app: platform plus its feature modules. */
@Module({})
export class MailerModule {
  static forRoot(config: MailerConfig): DynamicModule {
    return {
      module: MailerModule,
      imports: [
        PlatformModule.forApp(config),
        TransactionalModule,
        OutboxModule,
        CampaignsModule,
        SendGridWebhookModule,
        SuppressionsModule,
        DashboardModule,
        ReportsModule,
        NotificationsModule,
      ],
    };
  }
}
