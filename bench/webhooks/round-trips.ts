import Redis from 'ioredis';
import { Client } from 'pg';

/**
 * Counts, while the profile runs, the statements this process sends to PostgreSQL and the
 * commands it sends to Redis (BullMQ's Lua scripts count one each), by type: a socket write per
 * round trip is much of what the profile shows under pg and BullMQ, so these say which of them
 * each event costs. Counts every `Client.query` and `Redis.sendCommand` in the process.
 */
export function countRoundTrips(): { stop(): { pg: Map<string, number>; redis: Map<string, number> } } {
  const pg = new Map<string, number>();
  const redis = new Map<string, number>();
  const count = (counts: Map<string, number>, key: string): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const query = Client.prototype.query;
  const sendCommand = Redis.prototype.sendCommand;
  // Keyed by the text's start as sent (cheap); tidied for printing.
  const statementKind = (text: unknown): string =>
    typeof text === 'string' ? text.slice(0, 90) : 'prepared query object';
  Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
    const [first] = args;
    count(pg, statementKind(typeof first === 'object' && first ? (first as { text?: unknown }).text : first));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const scriptNames = new Map<string, string>();
  const scriptName = (client: Redis, sha: string): string => {
    if (!scriptNames.has(sha)) {
      const scripts = (client as unknown as { scriptsSet: Record<string, { sha: string }> }).scriptsSet;
      for (const [name, script] of Object.entries(scripts)) scriptNames.set(script.sha, name);
    }
    return scriptNames.get(sha) ?? sha.slice(0, 8);
  };
  Redis.prototype.sendCommand = function countedCommand(this: Redis, command, stream) {
    const { name, args } = command as unknown as { name: string; args: unknown[] };
    // A script is named as BullMQ defined it, e.g. `addStandardJob`.
    count(
      redis,
      name === 'evalsha' || name === 'eval' ? `script ${scriptName(this, String(args[0]))}` : name,
    );
    return sendCommand.call(this, command, stream);
  };
  return {
    stop: () => {
      Client.prototype.query = query;
      Redis.prototype.sendCommand = sendCommand;
      return { pg, redis };
    },
  };
}

/** The counts as printed, per event, largest first. */
export function roundTripReport(
  counts: { pg: Map<string, number>; redis: Map<string, number> },
  events: number,
): string {
  const total = (map: Map<string, number>): number => [...map.values()].reduce((sum, n) => sum + n, 0);
  const rows = (map: Map<string, number>): string[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(
        ([key, n]) =>
          `    ${(n / events).toFixed(2).padStart(6)}  ${key.trim().replace(/\s+/g, ' ').slice(0, 60)}`,
      );
  return [
    `round trips per event: PostgreSQL ${(total(counts.pg) / events).toFixed(2)}, Redis ${(total(counts.redis) / events).toFixed(2)}`,
    '  PostgreSQL statements per event:',
    ...rows(counts.pg),
    '  Redis commands per event:',
    ...rows(counts.redis),
  ].join('\n');
}
