/**
 * What each app needs from Kubernetes. Ports and variable names are DESIGN §2's; sizes come from
 * BENCHMARKS.md (a supporter import peaks near 310 MB RSS, so subscribers has the most memory).
 */
export type AppName = 'donations' | 'subscribers' | 'mailer' | 'console';

/** Keys of the `crm-secrets` Secret (DESIGN §2's keys, plus the metrics scrape token). */
export const SECRET_KEYS = [
  'APP_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
  'METRICS_TOKEN',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'SENDGRID_API_KEY',
  'SENDGRID_WEBHOOK_PUBLIC_KEY',
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

export interface Resources {
  cpu: { request: string; limit: string };
  memory: { request: string; limit: string };
}

export interface AppSpec {
  name: AppName;
  port: number;
  /** The variable that sets the port (read by the app itself and by the console's upstreams). */
  portVariable: string;
  /** Fixed replicas, or the autoscaler's range (then the Deployment leaves `replicas` to it). */
  scale: { replicas: number } | { min: number; max: number; cpuPercent: number };
  resources: Resources;
  /** Keys of the Secret this app reads; no app gets a key it does not use. */
  secrets: readonly SecretKey[];
  /**
   * Takes CSV uploads: each waits on its pod's own disk (an emptyDir) until its import job is
   * over. A copy is kept in the database meanwhile, so a replica without the file runs the job too.
   */
  takesUploads: boolean;
}

const COMMON_SECRETS = ['APP_SECRET', 'DATABASE_URL', 'REDIS_URL', 'METRICS_TOKEN'] as const;

export const APPS: readonly AppSpec[] = [
  {
    name: 'donations',
    port: 3001,
    portVariable: 'DONATIONS_PORT',
    scale: { min: 2, max: 6, cpuPercent: 70 },
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
    secrets: [...COMMON_SECRETS, 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
    takesUploads: true,
  },
  {
    name: 'subscribers',
    port: 3002,
    portVariable: 'SUBSCRIBERS_PORT',
    scale: { min: 2, max: 6, cpuPercent: 70 },
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '384Mi', limit: '768Mi' } },
    secrets: COMMON_SECRETS,
    takesUploads: true,
  },
  {
    name: 'mailer',
    port: 3003,
    portVariable: 'MAILER_PORT',
    scale: { replicas: 2 },
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
    secrets: [...COMMON_SECRETS, 'SENDGRID_API_KEY', 'SENDGRID_WEBHOOK_PUBLIC_KEY'],
    takesUploads: false,
  },
  {
    name: 'console',
    port: 3000,
    portVariable: 'CONSOLE_PORT',
    scale: { replicas: 2 },
    resources: { cpu: { request: '100m', limit: '500m' }, memory: { request: '192Mi', limit: '384Mi' } },
    // The console reads SENDGRID_API_KEY only to know whether the mailer uses its dev outbox.
    secrets: [...COMMON_SECRETS, 'SENDGRID_API_KEY'],
    takesUploads: false,
  },
];

/** Routes the internet must reach (DESIGN §3's public routes); everything else stays in the cluster. */
export const PUBLIC_ROUTES: Readonly<Record<Exclude<AppName, 'console'>, readonly string[]>> = {
  donations: ['/checkout', '/donate', '/donor/recurring', '/webhooks/stripe'],
  subscribers: ['/subscribe', '/unsubscribe', '/preferences'],
  mailer: ['/webhooks/sendgrid'],
};
