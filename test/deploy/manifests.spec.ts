import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_HEAP_MB } from '@crm/config';
import { exampleFiles, manifestFiles } from '../../deploy/k8s/src/manifests';
import { DEFAULT_OPTIONS } from '../../deploy/k8s/src/options';
import { renderYaml } from '../../deploy/k8s/src/render';
import { type KubeObject, parseAndValidate } from './kubernetes-schema';

/**
 * The committed Kubernetes manifests (deploy/k8s/dist) are what `npm run deploy:k8s` writes, are
 * valid Kubernetes objects, and hold together the way an operator relies on.
 */
const root = join(__dirname, '..', '..');
const dist = join(root, 'deploy', 'k8s', 'dist');
/** DESIGN §2's ports. */
const PORTS = { donations: 3001, subscribers: 3002, mailer: 3003, console: 3000 } as const;

interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Probe {
  httpGet?: { path: string; port: number | string };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: {
    name: string;
    emptyDir?: { sizeLimit?: string };
    persistentVolumeClaim?: { claimName: string };
  }[];
}

const read = (file: string) => readFileSync(join(dist, file), 'utf8');
const distFiles = () => readdirSync(dist).filter((name) => name.endsWith('.yaml'));
const objects: KubeObject[] = distFiles().flatMap((file) => parseAndValidate(read(file), file));
const [secret] = parseAndValidate(
  readFileSync(join(dist, 'examples', 'secret.example.yaml'), 'utf8'),
  'secret.example.yaml',
);

const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((object) => object.metadata.name === name);
const podOf = (object: KubeObject): PodSpec => (object.spec as { template: { spec: PodSpec } }).template.spec;
const podLabels = (deployment: KubeObject) =>
  (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata
    .labels;
const allContainers = (pod: PodSpec) => [...(pod.initContainers ?? []), ...pod.containers];
const workloads = () => [...ofKind('Deployment'), ...ofKind('Job')];
const deploymentOf = (app: string) => named('Deployment', `crm-${app}`);
const labelsMatch = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);
const portOf = (container: Container, port: number | string) =>
  typeof port === 'number'
    ? port
    : container.ports?.find((candidate) => candidate.name === port)?.containerPort;

describe('deploy/k8s manifests', () => {
  it('are exactly what `npm run deploy:k8s` writes from deploy/k8s/src', () => {
    const expected = manifestFiles(DEFAULT_OPTIONS);
    expect(distFiles().sort()).toEqual(Object.keys(expected).sort());
    for (const [file, generated] of Object.entries(expected)) {
      // A stale file fails here: regenerate with `npm run deploy:k8s` and commit deploy/k8s/dist.
      expect({ file, text: read(file) }).toEqual({ file, text: renderYaml(generated) });
    }
    for (const [file, generated] of Object.entries(exampleFiles())) {
      expect({ file, text: read(join('examples', file)) }).toEqual({
        file,
        text: renderYaml(generated),
      });
    }
  });

  it('reject an object that breaks the Kubernetes schema', () => {
    const broken = read('20-apps.yaml').replace(/containerPort: 3001/, 'containerPort: three-thousand-one');
    expect(() => parseAndValidate(broken, '20-apps.yaml')).toThrow(
      /Deployment crm-donations.*containerPort/s,
    );
    expect(() => parseAndValidate('apiVersion: v1\nkind: Gadget\nmetadata: { name: x }\n', 'x')).toThrow(
      /Gadget/,
    );
  });

  it.each(Object.entries(PORTS))(
    'run %s on port %i with probes on /health, sized, from its compiled main',
    (app, port) => {
      const deployment = deploymentOf(app);
      expect(deployment).toBeDefined();
      const [container] = podOf(deployment!).containers;
      const heapMb = APP_HEAP_MB[app as keyof typeof PORTS];
      expect(container.command).toEqual([
        'node',
        `--max-old-space-size=${heapMb}`,
        `dist/apps/${app}/src/main.js`,
      ]);
      expect(existsSync(join(root, 'apps', app, 'src', 'main.ts'))).toBe(true);
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect(probe?.httpGet?.path).toBe('/health');
        expect(portOf(container, probe!.httpGet!.port)).toBe(port);
      }
      expect(container.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources?.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      // Half the limit, as Node.js would choose in the container; the rest is code, buffers and the young generation.
      const limitMi = Number(/^(\d+)Mi$/.exec(container.resources!.limits!.memory)![1]);
      expect(heapMb).toBe(limitMi / 2);
      const budget = ofKind('PodDisruptionBudget').filter((pdb) =>
        labelsMatch(
          (pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels,
          podLabels(deployment!),
        ),
      );
      expect(budget).toHaveLength(1);
    },
  );

  it('give each app a Service whose port is the container port it selects', () => {
    for (const [app, port] of Object.entries(PORTS)) {
      const service = named('Service', `crm-${app}`);
      expect(service).toBeDefined();
      const spec = service!.spec as {
        selector: Record<string, string>;
        ports: { port: number; targetPort: number | string }[];
      };
      const selected = ofKind('Deployment').filter((deployment) =>
        labelsMatch(spec.selector, podLabels(deployment)),
      );
      expect(selected.map((deployment) => deployment.metadata.name)).toEqual([`crm-${app}`]);
      const [container] = podOf(selected[0]).containers;
      expect(spec.ports).toEqual([expect.objectContaining({ port })]);
      expect(portOf(container, spec.ports[0].targetPort)).toBe(port);
    }
  });

  it('autoscale donations and subscribers, targeting Deployments that leave the count to the autoscaler', () => {
    const targets = ofKind('HorizontalPodAutoscaler').map((hpa) => {
      const ref = (hpa.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef;
      expect(ref.kind).toBe('Deployment');
      const deployment = named('Deployment', ref.name);
      expect(deployment).toBeDefined();
      expect((deployment!.spec as { replicas?: number }).replicas).toBeUndefined();
      return ref.name;
    });
    expect(targets.sort()).toEqual(['crm-donations', 'crm-subscribers']);
  });

  it('migrate in a Job before the apps, which wait for it in an initContainer of the same image', () => {
    const [job] = ofKind('Job');
    const [migrate] = podOf(job).containers;
    expect(migrate.command).toEqual(['node', 'dist/tools/migrate.js', 'up']);
    expect(existsSync(join(root, 'tools', 'migrate.ts'))).toBe(true);
    expect(existsSync(join(root, 'tools', 'wait-migrations.ts'))).toBe(true);
    expect(job.metadata.name).toBe('crm-migrate-0-1-0');
    for (const deployment of ofKind('Deployment')) {
      const [wait] = podOf(deployment).initContainers ?? [];
      expect({ name: deployment.metadata.name, command: wait?.command, image: wait?.image }).toEqual({
        name: deployment.metadata.name,
        command: ['node', 'dist/tools/wait-migrations.js'],
        image: migrate.image,
      });
    }
  });

  it('read only Secret keys, ConfigMaps and volumes that exist, and keep secrets out of the ConfigMap', () => {
    const secretKeys = Object.keys(secret.stringData ?? {});
    const configMaps = ofKind('ConfigMap');
    for (const workload of workloads()) {
      const pod = podOf(workload);
      for (const container of allContainers(pod)) {
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (!ref) continue;
          expect({ container: container.name, secret: ref.name, key: ref.key }).toEqual({
            container: container.name,
            secret: secret.metadata.name,
            key: secretKeys.includes(ref.key) ? ref.key : `${ref.key} (not in the Secret)`,
          });
        }
        for (const source of container.envFrom ?? []) {
          expect(configMaps.map((map) => map.metadata.name)).toContain(source.configMapRef?.name);
        }
      }
      for (const container of allContainers(pod)) {
        for (const mount of container.volumeMounts ?? []) {
          expect(pod.volumes?.map((volume) => volume.name)).toContain(mount.name);
        }
      }
    }
    const configured = configMaps.flatMap((map) => Object.keys(map.data ?? {}));
    expect(configured.filter((key) => secretKeys.includes(key))).toEqual([]);
  });

  it('keep each upload on its own pod: a sized emptyDir where every app that takes uploads writes them, no shared claim', () => {
    // The database holds a copy of each upload until its import ends, so no volume is shared.
    expect(ofKind('PersistentVolumeClaim')).toEqual([]);
    for (const workload of workloads()) {
      expect(podOf(workload).volumes?.filter((volume) => !volume.emptyDir)).toEqual([]);
    }
    const takingUploads = Object.keys(PORTS).filter((app) => appSources(app, '.ts').includes('diskStorage('));
    expect(takingUploads.sort()).toEqual(['donations', 'subscribers']);
    const [configMap] = ofKind('ConfigMap');
    for (const app of takingUploads) {
      // Both write uploads under the temporary directory (subscribers' IMPORT_DIR defaults there).
      expect({ app, underTmpdir: appSources(app, '.ts').includes('tmpdir()') }).toEqual({
        app,
        underTmpdir: true,
      });
      expect(configMap.data?.IMPORT_DIR).toBeUndefined();
      const pod = podOf(deploymentOf(app)!);
      const [container] = pod.containers;
      const tmpdir = container.env?.find((variable) => variable.name === 'TMPDIR');
      const mount = container.volumeMounts?.find((candidate) => candidate.mountPath === tmpdir?.value);
      const volume = pod.volumes?.find((candidate) => candidate.name === mount?.name);
      // An upload is at most 100 MB: room for several at once, and a ceiling on the node's disk.
      expect({ app, tmpdir: tmpdir?.value, volume }).toEqual({
        app,
        tmpdir: '/var/lib/crm/uploads',
        volume: { name: 'uploads', emptyDir: { sizeLimit: '1Gi' } },
      });
    }
  });

  it('set only variables the apps read', () => {
    const schemas = [
      ...readdirSync(join(root, 'libs', 'config', 'src')).map((file) =>
        join(root, 'libs', 'config', 'src', file),
      ),
      ...Object.keys(PORTS).map((app) => join(root, 'apps', app, 'src', 'config', `${app}.config.ts`)),
    ]
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const [configMap] = ofKind('ConfigMap');
    const unknown = Object.keys(configMap.data ?? {}).filter(
      (key) => !new RegExp(`\\b${key}\\b`).test(schemas),
    );
    expect(unknown).toEqual([]);
  });

  it('route only public routes of the apps from the public host, and everything of the console host', () => {
    const routes = ofKind('Ingress').flatMap((ingress) =>
      (
        ingress.spec as {
          rules: {
            host: string;
            http: {
              paths: { path: string; backend: { service: { name: string; port: { number: number } } } }[];
            };
          }[];
        }
      ).rules.flatMap((rule) =>
        rule.http.paths.map((path) => ({ host: rule.host, path: path.path, ...path.backend.service })),
      ),
    );
    for (const route of routes) {
      const service = named('Service', route.name);
      expect({
        route,
        port: (service?.spec as { ports: { port: number }[] } | undefined)?.ports[0].port,
      }).toEqual({
        route,
        port: route.port.number,
      });
      if (route.name === 'crm-console') continue;
      // Each public prefix is a controller of the app it is sent to.
      const app = route.name.replace('crm-', '');
      const controller = `@Controller('${route.path.slice(1)}')`;
      expect({ app, controller, found: sourcesOf(app).includes(controller) }).toEqual({
        app,
        controller,
        found: true,
      });
    }
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/webhooks/stripe', name: 'crm-donations' }),
        expect.objectContaining({ path: '/webhooks/sendgrid', name: 'crm-mailer' }),
        expect.objectContaining({ path: '/subscribe', name: 'crm-subscribers' }),
        expect.objectContaining({ host: DEFAULT_OPTIONS.consoleHost, path: '/', name: 'crm-console' }),
      ]),
    );
  });
});

const sourcesOf = (app: string) => appSources(app, '.controller.ts');

/** The text of an app's source files whose names end with `suffix`, specs left out. */
function appSources(app: string, suffix: string): string {
  const texts: string[] = [];
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith(suffix) && !entry.name.endsWith('.spec.ts'))
        texts.push(readFileSync(path, 'utf8'));
    }
  };
  visit(join(root, 'apps', app, 'src'));
  return texts.join('\n');
}
