import { baseEnvSchema, envBool, envInt, envPort, loadConfig, type PlatformConfig } from '@crm/config';
import { z } from 'zod';
import { isVerificationKey } from '../sendgrid-webhook/signed-event-verifier';

export const mailerEnvSchema = baseEnvSchema.extend({
  MAILER_PORT: envPort(3003),
  SENDGRID_API_KEY: z.string().min(1).optional(),
  SENDGRID_API_URL: z.url().optional(),
  SENDGRID_WEBHOOK_PUBLIC_KEY: z
    .string()
    .min(1)
    .refine(
      isVerificationKey,
      'must be the verification key SendGrid shows for the signed event webhook (base64 DER)',
    )
    .optional(),
  /** Abort a SendGrid request after this long; a campaign batch that times out becomes `uncertain`. */
  SENDGRID_TIMEOUT_MS: envInt(30_000),
  /** Recipients per SendGrid request (SendGrid allows at most 1,000 personalizations). */
  MAIL_BATCH_SIZE: envInt(1_000).refine((size) => size >= 1 && size <= 1_000, 'must be 1-1000'),
  /** Campaign batches sent in parallel by one mailer process. */
  MAIL_DISPATCH_CONCURRENCY: envInt(8).refine((n) => n >= 1, 'must be at least 1'),
  /** Transactional emails sent in parallel by one mailer process. */
  MAIL_TRANSACTIONAL_CONCURRENCY: envInt(5).refine((n) => n >= 1, 'must be at least 1'),
  /** Campaign recipients per second across this process; 0 means as fast as SendGrid accepts. */
  MAIL_SEND_RATE: envInt(0),
  /** A batch going out this long after its campaign started checks each recipient's eligibility again. */
  MAIL_RECHECK_AFTER_SECONDS: envInt(300),
  /** Minutes after an uncertain batch before staff may resend its still-unconfirmed recipients. */
  MAIL_UNCERTAIN_GRACE_MINUTES: envInt(60),
  /**
   * Seconds a claimed batch stays owned without renewal. Every process renews its own in-flight
   * batches each quarter of it; a batch whose lease ran out belongs to a process that died, and any
   * mailer takes it over (uncertain, or cancelled and sent again with MAIL_SEND_DELAY_MINUTES).
   */
  MAIL_BATCH_LEASE_SECONDS: envInt(20).refine((n) => n >= 2, 'must be at least 2'),
  /**
   * Minutes between a campaign request and SendGrid's delivery (`send_at`); each campaign's requests
   * carry a SendGrid `batch_id` that a mailer cancels after a crash, then sends again: exactly once.
   * SendGrid refuses a cancel within 10 minutes of `send_at`; a batch id is rotated half-way to that
   * limit, and recovering a claim takes up to a request time-out plus a lease, so at least 15 gives
   * recovery minutes to spare (11-14 left it seconds). 0 sends at once.
   */
  MAIL_SEND_DELAY_MINUTES: envInt(0).refine(
    (n) => n === 0 || (n >= 15 && n <= 4_320),
    'must be 0 (send at once) or 15-4320 (SendGrid refuses a cancel within 10 minutes of send_at, recovery needs a few minutes before that, and SendGrid schedules at most 72 hours ahead)',
  ),
  /**
   * `false` turns SendGrid's open and click tracking off for every email this organisation sends,
   * whatever each campaign asks for; `true` lets each campaign choose (both on by default).
   */
  MAIL_TRACKING: envBool(true),
});

export type MailerConfig = z.infer<typeof mailerEnvSchema> & PlatformConfig;

export function loadMailerConfig(env: NodeJS.ProcessEnv = process.env): MailerConfig {
  const config = loadConfig(mailerEnvSchema, env);
  return { ...config, APP_NAME: 'mailer', PORT: config.MAILER_PORT };
}
