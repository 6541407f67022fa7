import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseEnvSchema, envInt, envOrigins, envPort, loadConfig, type PlatformConfig } from '@crm/config';
import { z } from 'zod';

export const subscribersEnvSchema = baseEnvSchema.extend({
  SUBSCRIBERS_PORT: envPort(3002),
  /** Sign-ups accepted per client IP within SUBSCRIBE_IP_WINDOW_SECONDS before answering 429. */
  SUBSCRIBE_IP_LIMIT: envInt(300),
  SUBSCRIBE_IP_WINDOW_SECONDS: envInt(60),
  /** Sign-ups accepted per email address within SUBSCRIBE_ADDRESS_WINDOW_SECONDS before answering 429. */
  SUBSCRIBE_ADDRESS_LIMIT: envInt(10),
  SUBSCRIBE_ADDRESS_WINDOW_SECONDS: envInt(3600),
  /** Origins of the organisation's website (DESIGN §2): may frame the sign-up form and call POST /subscribe from a browser. */
  EMBED_ORIGINS: envOrigins(),
  /** Where uploaded CSV files wait for their import job. */
  IMPORT_DIR: z.string().min(1).default(join(tmpdir(), 'crm-imports')),
});

export type SubscribersConfig = z.infer<typeof subscribersEnvSchema> & PlatformConfig;

export function loadSubscribersConfig(env: NodeJS.ProcessEnv = process.env): SubscribersConfig {
  const config = loadConfig(subscribersEnvSchema, env);
  return { ...config, APP_NAME: 'subscribers', PORT: config.SUBSCRIBERS_PORT };
}
