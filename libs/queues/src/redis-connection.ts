import type { RedisTopology } from '@crm/config';
import type { ConnectionOptions } from 'bullmq';
import Redis, { Cluster, type RedisOptions } from 'ioredis';
import { redisOptionsFromUrl } from './redis-options';

/** A connection to whichever Redis the configuration names: one node (or a Sentinel master) or a cluster. */
export type RedisClient = Redis | Cluster;

/** How one use of Redis wants its connection to behave while Redis is away. */
export interface RedisClientTuning {
  /** Connect on first command (or `connect()`) instead of at once. */
  lazyConnect?: boolean;
  /** Reconnection attempts a command waits through before it fails; null waits for ever (BullMQ). */
  maxRetriesPerRequest?: number | null;
  /** false: a command sent while disconnected fails at once instead of waiting for the connection. */
  enableOfflineQueue?: boolean;
  connectTimeout?: number;
  /** false: never reconnect by itself (a probe that reconnects on its own terms). */
  reconnect?: boolean;
}

/**
 * After a Sentinel failover the old master answers READONLY until the client has found the new
 * one: reconnect (through the sentinels) and send the command again. A refused write did nothing,
 * so sending it again cannot apply it twice.
 */
const reconnectWhenReadOnly = (error: Error): 2 | false => (error.message.startsWith('READONLY') ? 2 : false);

/** Options every node connection gets: credentials, database and TLS from `REDIS_URL`, and the tuning. */
function nodeOptions(url: string, tuning: RedisClientTuning): RedisOptions {
  const { username, password, tls, db } = redisOptionsFromUrl(url);
  return {
    username,
    password,
    tls,
    db,
    connectTimeout: tuning.connectTimeout,
    maxRetriesPerRequest: tuning.maxRetriesPerRequest,
  };
}

/**
 * ioredis options for one node or a Sentinel-managed master: what BullMQ is given for those two
 * topologies, so that it creates (and closes) its own connections as it does for one node.
 */
export function redisOptionsFor(
  topology: Exclude<RedisTopology, { kind: 'cluster' }>,
  tuning: RedisClientTuning = {},
): RedisOptions {
  const options: RedisOptions = {
    ...nodeOptions(topology.url, tuning),
    lazyConnect: tuning.lazyConnect,
    enableOfflineQueue: tuning.enableOfflineQueue,
    ...(tuning.reconnect === false ? { retryStrategy: () => null } : {}),
  };
  if (topology.kind === 'single') {
    const { host, port } = redisOptionsFromUrl(topology.url);
    return { ...options, host, port };
  }
  return {
    ...options,
    sentinels: topology.sentinels,
    name: topology.name,
    // No `failoverDetector`: its subscriptions to the sentinels outlive `quit()` (how BullMQ closes
    // its connections) and keep a stopping process alive. A demoted master drops its clients, and
    // READONLY reconnects, which is soon enough.
    reconnectOnError: reconnectWhenReadOnly,
    ...(tuning.reconnect === false ? { sentinelRetryStrategy: () => null } : {}),
  };
}

/**
 * The one way the apps connect to Redis: a node, a Sentinel-managed master or a Redis Cluster,
 * as the configuration says. Keys that one command or script touches together must share a hash
 * tag (the queue prefix, `{crm}`) to work on a cluster.
 */
export function createRedisClient(topology: RedisTopology, tuning: RedisClientTuning = {}): RedisClient {
  if (topology.kind !== 'cluster') return new Redis(redisOptionsFor(topology, tuning));
  return new Cluster(topology.nodes, {
    // A cluster has database 0 only, whatever REDIS_URL's path says.
    redisOptions: { ...nodeOptions(topology.url, tuning), db: 0 },
    lazyConnect: tuning.lazyConnect,
    enableOfflineQueue: tuning.enableOfflineQueue,
    ...(tuning.reconnect === false ? { clusterRetryStrategy: () => null } : {}),
  });
}

/**
 * The `connection` BullMQ is given: options for one node or Sentinel (BullMQ makes and closes its
 * own connections), or, for a cluster, a Cluster that BullMQ shares between the queues and
 * workers given it (it cannot make a cluster connection from options) and that its owner closes.
 * BullMQ asks for `maxRetriesPerRequest: null` on a connection its workers share, so `tuning`
 * (for a producer that must give up soon) applies to one node and Sentinel only.
 */
export function queueConnection(topology: RedisTopology, tuning: RedisClientTuning = {}): ConnectionOptions {
  if (topology.kind === 'cluster') return createRedisClient(topology, { maxRetriesPerRequest: null });
  // BullMQ's option type is a loose copy of ioredis's; these are ioredis's own options.
  return redisOptionsFor(topology, tuning) as ConnectionOptions;
}

/** Closes a connection `queueConnection` made, when it is one (a cluster's); options need nothing. */
export async function closeQueueConnection(connection: ConnectionOptions): Promise<void> {
  if (connection instanceof Cluster && connection.status !== 'end') {
    await connection.quit().catch(() => connection.disconnect());
  }
}
