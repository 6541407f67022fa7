import { Client } from 'pg';
import { type RedisTopology } from '@crm/config';
import { createRedisClient } from '@crm/queues';

const HOW_TO_GET = {
  postgres:
    'Install and start it (Debian/Ubuntu: apt-get install postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), or run: docker compose up -d postgres redis',
  redis:
    'Install and start it (Debian/Ubuntu: apt-get install redis-server && redis-server --daemonize yes), or run: docker compose up -d postgres redis',
};

const where = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('postgres') ? 5432 : 6379)}`;
};

/** Checks PostgreSQL and Redis answer; returns one line per service that does not, saying how to get it. */
/** Where the topology's Redis is, and the variable that says so. */
const redisWhere = (topology: RedisTopology): string => {
  if (topology.kind === 'cluster') {
    return `${topology.nodes.map(({ host, port }) => `${host}:${port}`).join(',')} (REDIS_CLUSTER_NODES)`;
  }
  if (topology.kind === 'sentinel') return `master ${topology.name} via REDIS_SENTINELS`;
  return `${where(topology.url)} (REDIS_URL)`;
};

export async function preflight(databaseUrl: string, redis: RedisTopology): Promise<string[]> {
  const problems: string[] = [];
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const pg = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch {
    problems.push(
      `PostgreSQL is not reachable at ${where(databaseUrl)} (DATABASE_URL). ${HOW_TO_GET.postgres}`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const client = createRedisClient(redis, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    reconnect: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch {
    problems.push(`Redis is not reachable at ${redisWhere(redis)}. ${HOW_TO_GET.redis}`);
  } finally {
    client.disconnect();
  }
  return problems;
}
