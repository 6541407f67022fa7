import { type IIngressBackend, Ingress, type IIngressRule } from 'kubernetes-models/networking.k8s.io/v1';
import { APPS, PUBLIC_ROUTES } from './apps';
import { type DeployOptions, labelsOf, objectName } from './options';

const backend = (app: string): IIngressBackend => {
  const spec = APPS.find((candidate) => candidate.name === app);
  if (!spec) throw new Error(`No app ${app}`);
  return { service: { name: objectName(app), port: { number: spec.port } } };
};

/**
 * A sketch for ingress-nginx with cert-manager: the public host carries only the public routes
 * (staff routes of the three apps stay inside the cluster, reached through the console); the
 * console host carries the console, whose CSV imports may be 100 MB.
 */
export function ingresses(options: DeployOptions): Ingress[] {
  const publicRule: IIngressRule = {
    host: options.publicHost,
    http: {
      paths: Object.entries(PUBLIC_ROUTES).flatMap(([app, paths]) =>
        paths.map((path) => ({ path, pathType: 'Prefix', backend: backend(app) })),
      ),
    },
  };
  const consoleRule: IIngressRule = {
    host: options.consoleHost,
    http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('console') }] },
  };
  const ingress = (name: string, rule: IIngressRule, bodySize: string) =>
    new Ingress({
      metadata: {
        name,
        labels: labelsOf('ingress'),
        annotations: {
          'cert-manager.io/cluster-issuer': 'letsencrypt',
          'nginx.ingress.kubernetes.io/proxy-body-size': bodySize,
          'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
        },
      },
      spec: {
        ingressClassName: options.ingressClass,
        tls: [{ hosts: [String(rule.host)], secretName: `${name}-tls` }],
        rules: [rule],
      },
    });
  // Signed webhooks take up to 1 MB (SendGrid batches); public forms far less.
  return [ingress('crm-public', publicRule, '2m'), ingress('crm-console', consoleRule, '101m')];
}
