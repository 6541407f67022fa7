import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config-error';

const DEV_SECRET_FILE = join(process.cwd(), '.dev-app-secret');

/**
 * APP_SECRET signs opt-in, unsubscribe and donor links, so every app must share it. Production must
 * set it. In development one is generated once into a git-ignored file that all three apps read, so
 * links keep working across restarts; the secret itself is never printed.
 */
export function resolveAppSecret(nodeEnv: string, configured: string | undefined): string {
  if (configured) return configured;
  if (nodeEnv === 'production') {
    throw new ConfigError(['APP_SECRET: required in production (at least 32 characters)']);
  }
  if (!existsSync(DEV_SECRET_FILE)) {
    writeFileSync(DEV_SECRET_FILE, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    process.stderr.write(`APP_SECRET is not set: generated a development secret in ${DEV_SECRET_FILE}\n`);
  }
  return readFileSync(DEV_SECRET_FILE, 'utf8').trim();
}
