import { z } from 'zod';

export interface HostPort {
  host: string;
  port: number;
}

/** Which Redis the apps use (DESIGN §2): one node, a Redis Cluster, or a Sentinel-managed master. */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; url: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; url: string };

/** The variables that choose the topology, as the base schema parses them. */
export interface RedisTopologyEnv {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: HostPort[];
  REDIS_SENTINELS?: HostPort[];
  REDIS_SENTINEL_NAME?: string;
}

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

/** `host:port` (an IPv6 address in brackets) or null when it is not one. */
export function parseHostPort(entry: string): HostPort | null {
  const match = /^(.+):(\d{1,5})$/.exec(entry.trim());
  if (!match) return null;
  const [, host = '', portText = ''] = match;
  const port = Number(portText);
  if (!HOST.test(host) || port < 1 || port > 65535) return null;
  return { host: host.startsWith('[') ? host.slice(1, -1) : host, port };
}

/** A comma-separated `host:port,…` list; unset stays undefined. Names each entry that is not one. */
export const envHostPorts = () =>
  z
    .string()
    .optional()
    .transform((value, context): HostPort[] | undefined => {
      if (value === undefined) return undefined;
      const entries = value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0);
      const bad = entries.filter((entry) => parseHostPort(entry) === null);
      if (entries.length === 0 || bad.length > 0) {
        context.addIssue({
          code: 'custom',
          message:
            entries.length === 0
              ? 'must list at least one host:port, e.g. 10.0.0.1:6379,10.0.0.2:6379'
              : `must be a comma-separated list of host:port (e.g. 10.0.0.1:6379,10.0.0.2:6379); not host:port: ${bad.join(', ')}`,
        });
        return z.NEVER;
      }
      return entries.map((entry) => parseHostPort(entry)!);
    });

/** The topology's variables in the base schema (DESIGN §2). */
export const redisTopologyFields = {
  /** Redis Cluster seed nodes; set, the apps use the cluster instead of `REDIS_URL`'s host. */
  REDIS_CLUSTER_NODES: envHostPorts(),
  /** Sentinels watching the master named `REDIS_SENTINEL_NAME`; set, they replace `REDIS_URL`'s host. */
  REDIS_SENTINELS: envHostPorts(),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,64}$/,
      'letters, digits, ., - and _ only (the master name the sentinels monitor)',
    )
    .optional(),
};

/** What is wrong in the combination of the topology's variables (each one valid on its own). */
export function redisTopologyProblems(env: Partial<RedisTopologyEnv>): string[] {
  const problems: string[] = [];
  if (env.REDIS_CLUSTER_NODES && env.REDIS_SENTINELS) {
    problems.push('REDIS_CLUSTER_NODES: set either REDIS_CLUSTER_NODES or REDIS_SENTINELS, not both');
  }
  if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME) {
    problems.push(
      'REDIS_SENTINEL_NAME: is required with REDIS_SENTINELS (the master name the sentinels monitor)',
    );
  }
  if (env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS) {
    problems.push('REDIS_SENTINELS: is required with REDIS_SENTINEL_NAME (host:port of each sentinel)');
  }
  return problems;
}

/**
 * The topology the variables choose. With a cluster or sentinels, `REDIS_URL` still gives the
 * user, password, database (Sentinel only: a cluster has just database 0) and TLS (`rediss://`).
 */
export function redisTopology(env: RedisTopologyEnv): RedisTopology {
  if (env.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: env.REDIS_CLUSTER_NODES, url: env.REDIS_URL };
  if (env.REDIS_SENTINELS && env.REDIS_SENTINEL_NAME) {
    return {
      kind: 'sentinel',
      sentinels: env.REDIS_SENTINELS,
      name: env.REDIS_SENTINEL_NAME,
      url: env.REDIS_URL,
    };
  }
  return { kind: 'single', url: env.REDIS_URL };
}
