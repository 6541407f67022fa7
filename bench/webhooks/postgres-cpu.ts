import { readFileSync } from 'node:fs';
import { Client } from 'pg';

const TICKS_PER_SECOND = 100;

/** utime + stime of a process in seconds, from /proc; 0 once it has gone (or on a host without /proc). */
function cpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; count the fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * The CPU the PostgreSQL server processes serving `databaseUrl`'s database spend during a phase:
 * on two cores the database's work competes with the app's, so it is half of what an event costs.
 * Reads /proc for the backends connected when the phase starts (the app's pools are open by then)
 * and counts those that come later from their start; the server runs on this host (DESIGN §7).
 */
export async function startPostgresCpu(databaseUrl: string): Promise<{ stop(): Promise<number> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const backends = async (): Promise<number[]> =>
    (
      await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      )
    ).rows.map((row) => row.pid);
  const before = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)]));
  return {
    stop: async () => {
      const pids = await backends();
      await client.end();
      return pids.reduce((sum, pid) => sum + cpuSeconds(pid) - (before.get(pid) ?? 0), 0);
    },
  };
}
