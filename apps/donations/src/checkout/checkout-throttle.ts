import { APP_CONFIG } from '@crm/config';
import { RedisThrottlerStorage } from '@crm/platform';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { DonationsConfig } from '../config/donations.config';

const SECOND_MS = 1000;

const checkoutThrottles = (config: DonationsConfig): ThrottlerModuleOptions => ({
  throttlers: [
    { name: 'ip', limit: config.CHECKOUT_IP_LIMIT, ttl: config.CHECKOUT_IP_WINDOW_SECONDS * SECOND_MS },
  ],
  storage: new RedisThrottlerStorage(config),
});

/**
 * Checkouts started per client IP (counted in Redis, so across replicas; configurable). Each one is a Stripe API
 * call made for an anonymous caller, so a script must not be able to make them without end.
 */
export const CheckoutThrottleModule = ThrottlerModule.forRootAsync({
  inject: [APP_CONFIG],
  useFactory: checkoutThrottles,
});
