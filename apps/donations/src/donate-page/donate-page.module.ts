import { Module } from '@nestjs/common';
import { CheckoutModule } from '../checkout/checkout.module';
import { StripeModule } from '../stripe/stripe.module';
import { DonatePageController } from './donate-page.controller';
import { DonatePageService } from './donate-page.service';
import { DonationSessionService } from './donation-session.service';

@Module({
  imports: [CheckoutModule, StripeModule],
  controllers: [DonatePageController],
  providers: [DonatePageService, DonationSessionService],
})
export class DonatePageModule {}
