import { ConfigMap, Secret } from 'kubernetes-models/v1';
import { APPS, SECRET_KEYS } from './apps';
import { CONFIG_MAP, type DeployOptions, labelsOf, objectName, SECRET } from './options';

/** The non-secret environment every app reads (DESIGN §2); secrets come from `crm-secrets`. */
export function configMap(options: DeployOptions): ConfigMap {
  const publicUrl = `https://${options.publicHost}`;
  const ports = Object.fromEntries(APPS.map((app) => [app.portVariable, String(app.port)]));
  const upstreams = Object.fromEntries(
    APPS.filter((app) => app.name !== 'console').map((app) => [
      `${app.name.toUpperCase()}_URL`,
      `http://${objectName(app.name)}:${app.port}`,
    ]),
  );
  return new ConfigMap({
    metadata: { name: CONFIG_MAP, labels: labelsOf('config') },
    data: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: 'crm',
      ...ports,
      // The console reaches the apps through their Services.
      ...upstreams,
      PUBLIC_URL: publicUrl,
      DONATIONS_PUBLIC_URL: publicUrl,
      CONSOLE_URL: `https://${options.consoleHost}`,
      EMBED_ORIGINS: options.embedOrigins,
      // One hop: the ingress controller, which sets X-Forwarded-For. See docs/going-live.md.
      TRUST_PROXY: '1',
      MAIL_FROM: `Example Campaign Group <hello@${options.publicHost}>`,
      ORG_NAME: 'Example Campaign Group',
      ORG_ADDRESS: '1 Example Street, London, N1 1AA',
      BASE_CURRENCY: 'gbp',
      SOFT_OPT_IN: 'true',
      STAFF_REQUIRE_2FA: 'admin',
    },
  });
}

/**
 * An example of the Secret, kept outside `dist/` so `kubectl apply -f dist/` never overwrites real
 * keys. Every value is empty: applied unedited, the apps refuse to start and name APP_SECRET.
 */
export function exampleSecret(): Secret {
  return new Secret({
    metadata: { name: SECRET, labels: labelsOf('secrets') },
    type: 'Opaque',
    stringData: Object.fromEntries(SECRET_KEYS.map((key) => [key, ''])),
  });
}
