import type { z } from 'zod';
import { resolveAppSecret } from './app-secret';
import { ConfigError } from './config-error';
import { type RedisTopologyEnv, redisTopologyProblems } from './redis-topology';

type EnvSource = Record<string, string | undefined>;

/**
 * Validates the environment once at boot. Empty strings count as unset so that an `.env` line
 * like `STRIPE_SECRET_KEY=` falls back to the default instead of failing validation.
 */
export function loadConfig<S extends z.ZodType<{ NODE_ENV: string; APP_SECRET?: string }>>(
  schema: S,
  env: EnvSource = process.env,
): z.infer<S> & { APP_SECRET: string } {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error);
  const config = parsed.data;
  const problems = redisTopologyProblems(config as Partial<RedisTopologyEnv>);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, APP_SECRET: resolveAppSecret(config.NODE_ENV, config.APP_SECRET) };
}
