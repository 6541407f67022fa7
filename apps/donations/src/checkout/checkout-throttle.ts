import { APP_CONFIG } from '@crm/config';
import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  ThrottlerModule,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { Response } from 'express';
import type { DonationsConfig } from '../config/donations.config';

const SECOND_MS = 1000;

const checkoutThrottles = (config: DonationsConfig): ThrottlerModuleOptions => ({
  throttlers: [
    { name: 'ip', limit: config.CHECKOUT_IP_LIMIT, ttl: config.CHECKOUT_IP_WINDOW_SECONDS * SECOND_MS },
  ],
});

/**
 * Checkouts started per client IP (in-process counters; configurable). Each one is a Stripe API
 * call made for an anonymous caller, so a script must not be able to make them without end.
 */
export const CheckoutThrottleModule = ThrottlerModule.forRootAsync({
  inject: [APP_CONFIG],
  useFactory: checkoutThrottles,
});

/** The throttler guard, answering 429 with a plain `Retry-After`. */
@Injectable()
export class CheckoutThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', detail.timeToBlockExpire);
    return super.throwThrottlingException(context, detail);
  }
}
