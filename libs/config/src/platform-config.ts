import type { BaseEnv } from './base-config';

export const APP_NAMES = ['donations', 'subscribers', 'mailer', 'console'] as const;
export type AppName = (typeof APP_NAMES)[number];

/** What the shared libraries need to know of any app's configuration. */
export type PlatformConfig = BaseEnv & { APP_NAME: AppName; APP_SECRET: string; PORT: number };
