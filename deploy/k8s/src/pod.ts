import type {
  IContainer,
  IEnvVar,
  IPodSecurityContext,
  IProbe,
  IResourceRequirements,
  ISecurityContext,
  IVolume,
  IVolumeMount,
} from 'kubernetes-models/v1';
import { appNodeOptions } from '@crm/config';
import type { AppSpec, Resources, SecretKey } from './apps';
import { CONFIG_MAP, SECRET, UPLOADS_PATH, UPLOADS_SIZE_LIMIT } from './options';

// Every constant below is typed with its Kubernetes model, so tsc refuses a misspelt field (the
// schema validators check types and required fields, not unknown names).

/** The image runs as the `node` user of node:20-bookworm-slim (uid and gid 1000). */
export const POD_SECURITY: IPodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};

const CONTAINER_SECURITY: ISecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/** Without these a pod must not start; the rest may be left out of the Secret (DESIGN §2 defaults). */
const REQUIRED_SECRETS: readonly SecretKey[] = ['APP_SECRET', 'DATABASE_URL'];

export const secretEnv = (keys: readonly SecretKey[]): IEnvVar[] =>
  keys.map((key) => ({
    name: key,
    valueFrom: { secretKeyRef: { name: SECRET, key, optional: !REQUIRED_SECRETS.includes(key) } },
  }));

const resourcesOf = (resources: Resources): IResourceRequirements => ({
  requests: { cpu: resources.cpu.request, memory: resources.memory.request },
  limits: { cpu: resources.cpu.limit, memory: resources.memory.limit },
});

/** GET /health checks PostgreSQL and Redis (DESIGN §3); 503 names what is down. */
const healthProbe = (periodSeconds: number, failureThreshold: number): IProbe => ({
  httpGet: { path: '/health', port: 'http' },
  periodSeconds,
  timeoutSeconds: 3,
  failureThreshold,
});

/** Node writes nothing else; the root filesystem stays read-only. */
const tmpMount: IVolumeMount = { name: 'tmp', mountPath: '/tmp' };
const uploadsMount: IVolumeMount = { name: 'uploads', mountPath: UPLOADS_PATH };

/**
 * The pod's own upload directory, sized: going over the limit gets the pod evicted, not the node's
 * disk filled. Nothing needs it to outlive the pod: the database holds a copy of every upload
 * until its import ends, and the replica that runs the job writes the file back from there.
 */
export function podVolumes(app: Pick<AppSpec, 'takesUploads'>): IVolume[] {
  const volumes: IVolume[] = [{ name: 'tmp', emptyDir: {} }];
  if (app.takesUploads) volumes.push({ name: 'uploads', emptyDir: { sizeLimit: UPLOADS_SIZE_LIMIT } });
  return volumes;
}

/** `npm run migrate`, compiled (the image holds no sources): applies pending migrations, then exits. */
export function migrateContainer(image: string): IContainer {
  return {
    name: 'migrate',
    image,
    command: ['node', 'dist/tools/migrate.js', 'up'],
    envFrom: [{ configMapRef: { name: CONFIG_MAP } }],
    env: secretEnv(['APP_SECRET', 'DATABASE_URL']),
    resources: resourcesOf({
      cpu: { request: '100m', limit: '500m' },
      memory: { request: '128Mi', limit: '256Mi' },
    }),
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [tmpMount],
  };
}

/** Holds the pod until the migration Job has applied every migration this image ships. */
export function waitForMigrations(image: string): IContainer {
  return {
    name: 'wait-for-migrations',
    image,
    command: ['node', 'dist/tools/wait-migrations.js'],
    envFrom: [{ configMapRef: { name: CONFIG_MAP } }],
    env: secretEnv(['APP_SECRET', 'DATABASE_URL']),
    resources: resourcesOf({
      cpu: { request: '50m', limit: '200m' },
      memory: { request: '96Mi', limit: '192Mi' },
    }),
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [tmpMount],
  };
}

export function appContainer(app: AppSpec, image: string): IContainer {
  const env = secretEnv(app.secrets);
  // Both apps write uploads under the temporary directory (subscribers' IMPORT_DIR defaults to
  // $TMPDIR/crm-imports, donations uses $TMPDIR/crm-gift-imports): point it at the sized volume.
  if (app.takesUploads) env.push({ name: 'TMPDIR', value: UPLOADS_PATH });
  return {
    name: app.name,
    image,
    command: ['node', ...appNodeOptions(app.name), `dist/apps/${app.name}/src/main.js`],
    ports: [{ name: 'http', containerPort: app.port, protocol: 'TCP' }],
    envFrom: [{ configMapRef: { name: CONFIG_MAP } }],
    env,
    resources: resourcesOf(app.resources),
    // Start-up allows a minute (PostgreSQL and Redis reached, workers started).
    startupProbe: healthProbe(2, 30),
    readinessProbe: healthProbe(10, 3),
    // Patient: /health also fails while PostgreSQL or Redis is down, and restarting every pod
    // then helps nobody; it is there for a process that has stopped answering.
    livenessProbe: healthProbe(20, 6),
    securityContext: CONTAINER_SECURITY,
    volumeMounts: app.takesUploads ? [tmpMount, uploadsMount] : [tmpMount],
  };
}
