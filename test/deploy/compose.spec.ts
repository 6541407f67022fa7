import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml's `replicas` profile: two of each app behind nginx. Docker is not always at
 * hand where the tests run, so the file is read as compose reads it (YAML merge keys included)
 * and checked; `docker compose config` (or docker-compose) also validates it when installed.
 */
const root = join(__dirname, '..', '..');
const PORTS = { donations: 3001, subscribers: 3002, mailer: 3003, console: 3000 } as const;
const PROXY_PORTS = { console: 8080, donations: 8081, subscribers: 8082, mailer: 8083 } as const;

interface ComposeService {
  build?: string;
  image?: string;
  profiles?: string[];
  deploy?: { replicas?: number };
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const nginx = readFileSync(join(root, 'deploy', 'compose', 'nginx.conf'), 'utf8');

describe('docker-compose replicas profile', () => {
  it.each(Object.entries(PORTS))(
    'runs two %s replicas from the image, unpublished, behind the proxy',
    (app, port) => {
      const replica = services[`${app}-replica`];
      expect(replica).toBeDefined();
      expect(replica.profiles).toEqual(['replicas']);
      expect(replica.deploy?.replicas).toBe(2);
      expect(replica.build).toBe('.');
      // A published port would clash between the two replicas.
      expect(replica.ports).toBeUndefined();
      expect(replica.environment).toMatchObject({ APP: app, TRUST_PROXY: '1' });
      // No shared upload volume: an import's file comes back from its copy in the database.
      expect(replica.volumes).toBeUndefined();
      expect(replica.environment?.TMPDIR).toBeUndefined();
      expect(replica.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health`);
      expect(services.proxy.depends_on?.[`${app}-replica`]).toEqual({ condition: 'service_healthy' });
      // nginx listens on the app's proxy port and sends it to that app's replicas.
      const block =
        nginx.match(new RegExp(`listen ${PROXY_PORTS[app as keyof typeof PORTS]};[^}]*}`))?.[0] ?? '';
      expect(block).toContain(`set $app ${app}-replica;`);
      expect(block).toContain(`proxy_pass http://$app:${port};`);
    },
  );

  it('publishes the proxy with its config from deploy/compose, only under the profile', () => {
    expect(services.proxy.profiles).toEqual(['replicas']);
    expect(services.proxy.volumes).toEqual(['./deploy/compose/nginx.conf:/etc/nginx/nginx.conf:ro']);
    expect(services.proxy.ports).toEqual(Object.values(PROXY_PORTS).map((port) => `${port}:${port}`));
    expect(services['console-replica'].environment).toMatchObject({
      DONATIONS_URL: 'http://donations-replica:3001',
      SUBSCRIBERS_URL: 'http://subscribers-replica:3002',
      MAILER_URL: 'http://mailer-replica:3003',
    });
    // Plain `docker compose up` still starts the single apps only.
    const always = Object.entries(services)
      .filter(([, service]) => !service.profiles)
      .map(([name]) => name);
    // Named volumes hold the databases only.
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(['pgdata', 'redisdata']);
    expect(always.sort()).toEqual([
      'console',
      'donations',
      'mailer',
      'migrate',
      'postgres',
      'redis',
      'subscribers',
    ]);
  });

  const composeCli = [['docker', 'compose'], ['docker-compose']].find(
    ([command, ...args]) => spawnSync(command, [...args, 'version'], { encoding: 'utf8' }).status === 0,
  );
  (composeCli ? it : it.skip)('is accepted by `docker compose config` with the profile', () => {
    const [command, ...args] = composeCli!;
    const result = spawnSync(command, [...args, '--profile', 'replicas', 'config', '--quiet'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, APP_SECRET: 'x'.repeat(32) },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(existsSync(join(root, 'deploy', 'compose', 'nginx.conf'))).toBe(true);
  });
});
