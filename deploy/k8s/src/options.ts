/** What an operator sets when generating the manifests (`npm run deploy:k8s -- --image … --public-host …`). */
export interface DeployOptions {
  /** The image built from the repository's Dockerfile, with an immutable tag. */
  image: string;
  /** Host of the public pages, the Stripe and SendGrid webhooks and the links in emails. */
  publicHost: string;
  /** Host of the staff console. */
  consoleHost: string;
  /** The organisation's website origins (comma-separated): may embed the public forms. */
  embedOrigins: string;
  /** IngressClass of the cluster's ingress controller. */
  ingressClass: string;
}

export const DEFAULT_OPTIONS: DeployOptions = {
  image: 'registry.example.org/supporter-crm:0.1.0',
  publicHost: 'supporters.example.org',
  consoleHost: 'crm.example.org',
  embedOrigins: 'https://www.example.org',
  ingressClass: 'nginx',
};

export const PART_OF = 'supporter-crm';
export const CONFIG_MAP = 'crm-config';
export const SECRET = 'crm-secrets';
export const UPLOADS_PATH = '/var/lib/crm/uploads';
/** An upload is at most 100 MB and stays until its import ends: room for ten at once per pod. */
export const UPLOADS_SIZE_LIMIT = '1Gi';

/** Kubernetes object names are DNS labels: `crm-<app>`. */
export const objectName = (app: string): string => `crm-${app}`;

export const labelsOf = (component: string): Record<string, string> => ({
  'app.kubernetes.io/name': PART_OF,
  'app.kubernetes.io/component': component,
});

/**
 * The migration Job is named after the image tag: a Job's pod template cannot change, so each
 * release gets a Job of its own and `kubectl wait` waits for that release's migrations.
 */
export function migrationJobName(image: string): string {
  const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : 'latest';
  const slug = tag
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `crm-migrate-${slug}`.slice(0, 63).replace(/-+$/, '');
}
