import { Module } from '@nestjs/common';
import { StripeModule } from '../stripe/stripe.module';
import { CheckoutThrottleModule } from './checkout-throttle';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';

@Module({
  imports: [StripeModule, CheckoutThrottleModule],
  controllers: [CheckoutController],
  providers: [CheckoutService],
  exports: [CheckoutService],
})
export class CheckoutModule {}
