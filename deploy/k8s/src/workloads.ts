// eslint-disable-next-line no-restricted-imports -- Kubernetes' `apps` API group, not this repository's apps/
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service } from 'kubernetes-models/v1';
import type { AppSpec } from './apps';
import { type DeployOptions, labelsOf, migrationJobName, objectName } from './options';
import { appContainer, migrateContainer, POD_SECURITY, podVolumes, waitForMigrations } from './pod';

export function deployment(app: AppSpec, options: DeployOptions): Deployment {
  const labels = labelsOf(app.name);
  return new Deployment({
    metadata: { name: objectName(app.name), labels },
    spec: {
      // Under an autoscaler the Deployment names no count, so a re-apply never resets its choice.
      ...('replicas' in app.scale ? { replicas: app.scale.replicas } : {}),
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: POD_SECURITY,
          // The apps stop taking requests and finish their jobs within 10 s of SIGTERM.
          terminationGracePeriodSeconds: 30,
          initContainers: [waitForMigrations(options.image)],
          containers: [appContainer(app, options.image)],
          volumes: podVolumes(app),
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: labels },
            },
          ],
        },
      },
    },
  });
}

export function service(app: AppSpec): Service {
  return new Service({
    metadata: { name: objectName(app.name), labels: labelsOf(app.name) },
    spec: {
      type: 'ClusterIP',
      selector: labelsOf(app.name),
      ports: [{ name: 'http', port: app.port, targetPort: 'http', protocol: 'TCP' }],
    },
  });
}

/** One pod at a time may be evicted (node drains, upgrades), whatever the replica count. */
export function disruptionBudget(app: AppSpec): PodDisruptionBudget {
  return new PodDisruptionBudget({
    metadata: { name: objectName(app.name), labels: labelsOf(app.name) },
    spec: { maxUnavailable: 1, selector: { matchLabels: labelsOf(app.name) } },
  });
}

export function autoscaler(app: AppSpec): HorizontalPodAutoscaler | null {
  if ('replicas' in app.scale) return null;
  return new HorizontalPodAutoscaler({
    metadata: { name: objectName(app.name), labels: labelsOf(app.name) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: objectName(app.name) },
      minReplicas: app.scale.min,
      maxReplicas: app.scale.max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: app.scale.cpuPercent },
          },
        },
      ],
      // An appeal's spike comes fast and goes slowly: scale up at once, down after five calm minutes.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  });
}

/** Runs before the apps: their pods wait in `wait-for-migrations` until it has finished. */
export function migrationJob(options: DeployOptions): Job {
  const labels = labelsOf('migrate');
  return new Job({
    metadata: { name: migrationJobName(options.image), labels },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: POD_SECURITY,
          containers: [migrateContainer(options.image)],
          volumes: podVolumes({ takesUploads: false }),
        },
      },
    },
  });
}
