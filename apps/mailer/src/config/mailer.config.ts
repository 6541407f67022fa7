import { baseEnvSchema, envPort, loadConfig, type PlatformConfig } from '@crm/config';
import { z } from 'zod';

export const mailerEnvSchema = baseEnvSchema.extend({
  MAILER_PORT: envPort(3003),
  SENDGRID_API_KEY: z.string().min(1).optional(),
  SENDGRID_API_URL: z.url().optional(),
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(1).optional(),
});

export type MailerConfig = z.infer<typeof mailerEnvSchema> & PlatformConfig;

export function loadMailerConfig(env: NodeJS.ProcessEnv = process.env): MailerConfig {
  const config = loadConfig(mailerEnvSchema, env);
  return { ...config, APP_NAME: 'mailer', PORT: config.MAILER_PORT };
}
