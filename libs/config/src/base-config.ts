import { z } from 'zod';
import { envBool, envUrl } from './env-types';
import { redisTopologyFields } from './redis-topology';
import { envTrustProxy } from './trust-proxy';

/** Variables every app reads (DESIGN §2). Each app extends this with its own. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: envUrl('postgres://postgres@127.0.0.1:5432/supporter_crm'),
  REDIS_URL: envUrl('redis://127.0.0.1:6379'),
  ...redisTopologyFields,
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only')
    .default('crm'),
  PUBLIC_URL: envUrl('http://localhost:3002'),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MAIL_FROM: z.string().min(3).default('Supporter CRM <hello@example.org>'),
  ORG_NAME: z.string().min(1).default('Example Campaign Group'),
  ORG_ADDRESS: z.string().min(1).default('1 Example Street, London, N1 1AA'),
  /** The charity soft opt-in for donors (PECR reg. 22(3A)): false stops offering and using it. */
  SOFT_OPT_IN: envBool(true),
  /** Branding of the public pages (donate, sign up): a logo (https) and a colour white text reads on. */
  ORG_LOGO_URL: z.url({ protocol: /^https?$/ }).optional(),
  ORG_ACCENT_COLOUR: z
    .string()
    .regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour such as #0b6e4f')
    .default('#0b6e4f'),
  BASE_CURRENCY: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as gbp')
    .default('gbp')
    .transform((value) => value.toLowerCase()),
  CORS_ORIGINS: z.string().default(''),
  /** Which proxies' `X-Forwarded-For` to believe (hop count or addresses); unset believes none. */
  TRUST_PROXY: envTrustProxy(),
  /**
   * Bearer token `GET /metrics` requires when set. Unset, `/metrics` is open in development and
   * test and not served in production.
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;
