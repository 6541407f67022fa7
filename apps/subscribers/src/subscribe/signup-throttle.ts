import { APP_CONFIG } from '@crm/config';
import { RedisThrottlerStorage } from '@crm/platform';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';
import { normaliseEmail } from '@crm/values';

const SECOND_MS = 1000;

const emailOf = (request: Request): string | null => {
  const body: unknown = request.body;
  if (!body || typeof body !== 'object' || !('email' in body) || typeof body.email !== 'string') return null;
  return normaliseEmail(body.email);
};

const signupThrottles = (config: SubscribersConfig): ThrottlerModuleOptions => ({
  throttlers: [
    {
      name: 'ip',
      limit: config.SUBSCRIBE_IP_LIMIT,
      ttl: config.SUBSCRIBE_IP_WINDOW_SECONDS * SECOND_MS,
    },
    {
      name: 'address',
      limit: config.SUBSCRIBE_ADDRESS_LIMIT,
      ttl: config.SUBSCRIBE_ADDRESS_WINDOW_SECONDS * SECOND_MS,
      skipIf: (context) => emailOf(context.switchToHttp().getRequest<Request>()) === null,
      getTracker: (request) => emailOf(request as Request) ?? '',
    },
  ],
  storage: new RedisThrottlerStorage(config),
});

/** Sign-up rate limits per client IP and per address (counted in Redis, so across replicas; configurable). */
export const SignupThrottleModule = ThrottlerModule.forRootAsync({
  inject: [APP_CONFIG],
  useFactory: signupThrottles,
});
