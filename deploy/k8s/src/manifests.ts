import type { Model } from '@kubernetes-models/base';
import { APPS } from './apps';
import { configMap, exampleSecret } from './config';
import { ingresses } from './ingress';
import type { DeployOptions } from './options';
import { autoscaler, deployment, disruptionBudget, migrationJob, service } from './workloads';

export type K8sObject = Model<unknown> & { apiVersion: string; kind: string; metadata?: { name?: string } };

/**
 * The files of `deploy/k8s/dist/`, in the order to apply them: configuration, the migration Job,
 * the apps, then the way in. `kubectl apply -f dist/` applies them in this (file name) order.
 */
export function manifestFiles(options: DeployOptions): Record<string, K8sObject[]> {
  return {
    '00-config.yaml': [configMap(options)],
    '10-migrate.yaml': [migrationJob(options)],
    '20-apps.yaml': APPS.flatMap((app) => {
      const scaler = autoscaler(app);
      return [deployment(app, options), service(app), disruptionBudget(app), ...(scaler ? [scaler] : [])];
    }),
    '30-ingress.yaml': ingresses(options),
  };
}

/** Kept in `dist/examples/`, out of `kubectl apply -f dist/`'s reach: copy it, fill it in, apply it; never commit the filled copy. */
export const exampleFiles = (): Record<string, K8sObject[]> => ({ 'secret.example.yaml': [exampleSecret()] });
