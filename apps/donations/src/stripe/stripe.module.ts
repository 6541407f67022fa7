import { APP_CONFIG } from '@crm/config';
import { Module } from '@nestjs/common';
import type { DonationsConfig } from '../config/donations.config';
import { createStripeClient, STRIPE_CLIENT } from './stripe-client';

/** Provides the Stripe SDK client to the features that call Stripe. */
@Module({
  providers: [
    {
      provide: STRIPE_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: DonationsConfig) => createStripeClient(config),
    },
  ],
  exports: [STRIPE_CLIENT],
})
export class StripeModule {}
