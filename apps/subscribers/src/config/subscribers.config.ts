import { baseEnvSchema, envPort, loadConfig, type PlatformConfig } from '@crm/config';
import type { z } from 'zod';

export const subscribersEnvSchema = baseEnvSchema.extend({
  SUBSCRIBERS_PORT: envPort(3002),
});

export type SubscribersConfig = z.infer<typeof subscribersEnvSchema> & PlatformConfig;

export function loadSubscribersConfig(env: NodeJS.ProcessEnv = process.env): SubscribersConfig {
  const config = loadConfig(subscribersEnvSchema, env);
  return { ...config, APP_NAME: 'subscribers', PORT: config.SUBSCRIBERS_PORT };
}
