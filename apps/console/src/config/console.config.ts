import { baseEnvSchema, consoleEnvFields, envPort, loadConfig, type PlatformConfig } from '@crm/config';
import { join } from 'node:path';
import { z } from 'zod';

export const consoleEnvSchema = baseEnvSchema.extend({
  ...consoleEnvFields,
  DONATIONS_PORT: envPort(3001),
  SUBSCRIBERS_PORT: envPort(3002),
  MAILER_PORT: envPort(3003),
  /** Where `/api/<app>/*` is proxied; by default the app's port on this host. */
  DONATIONS_URL: z.url().optional(),
  SUBSCRIBERS_URL: z.url().optional(),
  MAILER_URL: z.url().optional(),
  /** Roles that must use a TOTP second factor: `admin`, or `all` roles. */
  STAFF_REQUIRE_2FA: z.enum(['admin', 'all']).optional(),
  /** The built single-page app (`npm run build` writes it). */
  CONSOLE_WEB_DIR: z.string().min(1).optional(),
  /**
   * The mailer's SendGrid key, read only to know whether it is set: without it the mailer keeps
   * every email in its dev outbox, and the console shows the Outbox screen. The key itself is
   * dropped at once, never kept in the config nor logged.
   */
  SENDGRID_API_KEY: z.string().min(1).optional(),
});

export type ConsoleConfig = Omit<z.infer<typeof consoleEnvSchema>, 'SENDGRID_API_KEY'> &
  PlatformConfig & {
    /** Base URL of each app the console proxies to. */
    UPSTREAMS: { donations: string; subscribers: string; mailer: string };
    WEB_DIR: string;
    /** No SENDGRID_API_KEY: the mailer delivers to its dev outbox. */
    DEV_OUTBOX: boolean;
  };

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const { SENDGRID_API_KEY: sendGridKey, ...config } = loadConfig(consoleEnvSchema, env);
  return {
    ...config,
    DEV_OUTBOX: sendGridKey === undefined,
    APP_NAME: 'console',
    PORT: config.CONSOLE_PORT,
    UPSTREAMS: {
      donations: config.DONATIONS_URL ?? `http://127.0.0.1:${config.DONATIONS_PORT}`,
      subscribers: config.SUBSCRIBERS_URL ?? `http://127.0.0.1:${config.SUBSCRIBERS_PORT}`,
      mailer: config.MAILER_URL ?? `http://127.0.0.1:${config.MAILER_PORT}`,
    },
    WEB_DIR: config.CONSOLE_WEB_DIR ?? join(process.cwd(), 'dist', 'console-web'),
  };
}
