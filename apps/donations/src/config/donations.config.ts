import { baseEnvSchema, envPort, loadConfig, type PlatformConfig } from '@crm/config';
import { z } from 'zod';

export const donationsEnvSchema = baseEnvSchema.extend({
  DONATIONS_PORT: envPort(3001),
  STRIPE_SECRET_KEY: z.string().startsWith('sk_', 'must start with sk_').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must start with whsec_').optional(),
  STRIPE_API_URL: z.url().optional(),
});

export type DonationsConfig = z.infer<typeof donationsEnvSchema> & PlatformConfig;

export function loadDonationsConfig(env: NodeJS.ProcessEnv = process.env): DonationsConfig {
  const config = loadConfig(donationsEnvSchema, env);
  return { ...config, APP_NAME: 'donations', PORT: config.DONATIONS_PORT };
}
