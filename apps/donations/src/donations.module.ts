import { PlatformModule } from '@crm/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { CheckoutModule } from './checkout/checkout.module';
import type { DonationsConfig } from './config/donations.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { IncomeSummaryModule } from './income-summary/income-summary.module';
import { DeclarationsModule } from './declarations/declarations.module';
import { DonationsReportsModule } from './donations/donations.module';
import { DonatePageModule } from './donate-page/donate-page.module';
import { DonorSelfServiceModule } from './donor-self-service/donor-self-service.module';
import { GiftAidModule } from './gift-aid/gift-aid.module';
import { GiftsImportModule } from './gifts-import/gifts-import.module';
import { OfflineGiftsModule } from './offline-gifts/offline-gifts.module';
import { RecurringModule } from './recurring/recurring.module';
import { StripeEventsModule } from './stripe-events/stripe-events.module';
import { StripeWebhookModule } from './stripe-webhook/stripe-webhook.module';

/** The donations app: platform plus its feature modules. */
@Module({})
export class DonationsModule {
  static forRoot(config: DonationsConfig): DynamicModule {
    return {
      module: DonationsModule,
      imports: [
        PlatformModule.forApp(config),
        CheckoutModule,
        DonatePageModule,
        StripeWebhookModule,
        StripeEventsModule,
        DonationsReportsModule,
        OfflineGiftsModule,
        GiftsImportModule,
        RecurringModule,
        GiftAidModule,
        DeclarationsModule,
        DonorSelfServiceModule,
        DashboardModule,
        IncomeSummaryModule,
      ],
    };
  }
}
