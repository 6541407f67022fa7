/** The load run's stand-ins, each started as its own process (provider-process.ts). */
export const PROVIDER_ROLES = ['stripe', 'sendgrid', 'floor'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];

/** What a stand-in prints once it serves: the apps' environment for it and its address. */
export interface ProviderStarted {
  env: Record<string, string>;
  url: string;
}
