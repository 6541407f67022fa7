import {
  baseEnvSchema,
  envInt,
  envList,
  envOrigins,
  envPort,
  loadConfig,
  type PlatformConfig,
} from '@crm/config';
import { z } from 'zod';

export const donationsEnvSchema = baseEnvSchema
  .extend({
    DONATIONS_PORT: envPort(3001),
    STRIPE_SECRET_KEY: z.string().startsWith('sk_', 'must start with sk_').optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must start with whsec_').optional(),
    STRIPE_API_URL: z.url().optional(),
    /** Milliseconds before a Stripe API call is abandoned (the donor gets a 503, never a hang). */
    STRIPE_TIMEOUT_MS: envInt(10_000),
    /** Smallest and largest gift, in minor units (default £1 to £10,000). */
    DONATION_MIN_AMOUNT: envInt(100),
    DONATION_MAX_AMOUNT: envInt(1_000_000),
    DONATION_CURRENCIES: envList('gbp'),
    /** Processing fee a donor may cover: basis points of the total plus a fixed part (UK cards: 1.5 % + 20p). */
    DONATION_FEE_PERCENT_BPS: envInt(150),
    DONATION_FEE_FIXED: envInt(20),
    /** Checkouts started per client IP within CHECKOUT_IP_WINDOW_SECONDS before answering 429. */
    CHECKOUT_IP_LIMIT: envInt(10),
    CHECKOUT_IP_WINDOW_SECONDS: envInt(60),
    /**
     * Where Stripe sends a donor after paying or cancelling a checkout that named no page of its
     * own; by default this app's thanks page and donate form (DONATIONS_PUBLIC_URL).
     */
    DONATION_SUCCESS_URL: z.url().optional(),
    DONATION_CANCEL_URL: z.url().optional(),
    /** Base of the donor self-service links put in receipts; by default this app on DONATIONS_PORT. */
    DONATIONS_PUBLIC_URL: z.url().optional(),
    /**
     * Origins of the organisation's website (DESIGN §2): with this app's own and those of the
     * success and cancel pages, the only origins a checkout may return the donor to.
     */
    EMBED_ORIGINS: envOrigins(),
    /** How often stored Stripe events left unprocessed are queued again (0 turns the sweep off). */
    STRIPE_INBOX_SWEEP_SECONDS: envInt(60),
    /**
     * How long a stored event may stay unprocessed before the sweep queues it again: longer than
     * its own job's retries take, so a sweep rarely doubles work that is still on its way.
     */
    STRIPE_INBOX_STALE_SECONDS: envInt(120),
    /** Stripe events stored by one inbox insert at most, and inbox inserts at once (the webhook's pool is shared). */
    STRIPE_INBOX_BATCH: envInt(32),
    STRIPE_INBOX_INSERTS: envInt(4),
    /** Jobs the donations worker holds at once; more in hand lets processing apply them in bigger batches. */
    STRIPE_PROCESSING_CONCURRENCY: envInt(64),
    /** Stripe events applied in one processing transaction at most. */
    STRIPE_PROCESSING_BATCH: envInt(32),
    /**
     * Processing transactions at once (and the processing pool's connections). One: the events that
     * arrive while a transaction runs are applied together by the next, so a steady stream is applied
     * a few at a time rather than one by one (each alone costs five statements); see docs/donations.md.
     */
    STRIPE_PROCESSING_TRANSACTIONS: envInt(1),
    GIFT_AID_WORDING_VERSION: z.string().min(1).max(50).default('hmrc-2024-1'),
    /** Gifts of at most this (minor units) are aggregated on a claim's schedule; HMRC allows £20. 0: never. */
    GIFT_AID_AGGREGATE_MAX: envInt(2_000),
    /** The last day of the charity's accounting period (MM-DD): an aggregated line stays within one period. */
    GIFT_AID_ACCOUNTING_PERIOD_END: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a month and day such as 03-31')
      .default('03-31'),
  })
  .refine((env) => env.DONATION_MIN_AMOUNT <= env.DONATION_MAX_AMOUNT, {
    path: ['DONATION_MIN_AMOUNT'],
    message: 'must not exceed DONATION_MAX_AMOUNT',
  })
  .refine((env) => env.DONATION_CURRENCIES.every((currency) => /^[a-z]{3}$/.test(currency)), {
    path: ['DONATION_CURRENCIES'],
    message: 'must be a comma-separated list of ISO 4217 codes such as gbp,eur',
  });

type Derived = 'DONATIONS_PUBLIC_URL' | 'DONATION_SUCCESS_URL' | 'DONATION_CANCEL_URL';

export type DonationsConfig = Omit<z.infer<typeof donationsEnvSchema>, Derived> &
  Record<Derived, string> &
  PlatformConfig;

/** Stripe replaces this in a success URL with the session's id. */
export const CHECKOUT_SESSION_ID_PLACEHOLDER = '{CHECKOUT_SESSION_ID}';

export function loadDonationsConfig(env: NodeJS.ProcessEnv = process.env): DonationsConfig {
  const config = loadConfig(donationsEnvSchema, env);
  const publicUrl = config.DONATIONS_PUBLIC_URL ?? `http://localhost:${config.DONATIONS_PORT}`;
  const page = (path: string): string => `${publicUrl.replace(/\/+$/, '')}${path}`;
  return {
    ...config,
    DONATIONS_PUBLIC_URL: publicUrl,
    DONATION_SUCCESS_URL:
      config.DONATION_SUCCESS_URL ?? page(`/donate/thanks?session_id=${CHECKOUT_SESSION_ID_PLACEHOLDER}`),
    DONATION_CANCEL_URL: config.DONATION_CANCEL_URL ?? page('/donate'),
    APP_NAME: 'donations',
    PORT: config.DONATIONS_PORT,
  };
}
