import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';

/**
 * Wall time and the highest resident set size seen while `work` ran (sampled every 20 ms), with
 * the resident set size it started from: most of that is code already loaded, and a module the
 * work pulls in shows there before any row is read.
 */
export async function measure<T>(
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; peakRssMb: number; startRssMb: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak && process.env.BENCH_MEMORY_TRACE === '1') {
      const { heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
      process.stderr.write(
        `rss ${(rss / MB).toFixed(0)} heapTotal ${(heapTotal / MB).toFixed(0)} heapUsed ${(heapUsed / MB).toFixed(0)} external ${(external / MB).toFixed(0)} arrayBuffers ${(arrayBuffers / MB).toFixed(0)}\n`,
      );
    }
    peak = Math.max(peak, rss);
  }, 20);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, seconds, peakRssMb: peak / MB, startRssMb: start / MB };
  } finally {
    clearInterval(sampler);
  }
}

const MB = 1024 * 1024;

const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;

/**
 * CPU ticks (user and system) each of these processes has used so far, from /proc (the bench runs
 * on the database's host); a process gone is left out.
 */
async function cpuTicks(pids: number[]): Promise<Map<number, number>> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields) ticks.set(pid, Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}

/** Linux's USER_HZ. */
const CLOCK_TICKS = 100;

/**
 * `measure` with the CPU time the work cost PostgreSQL (the backends of the data source's pool of
 * two) and this Node process. A figure the host's load does not stretch, unlike wall time.
 */
export async function withCpu<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<Awaited<ReturnType<typeof measure<T>>> & { pgSeconds: number; nodeSeconds: number }> {
  // Two statements at once open both connections and name the backend serving each.
  const opened = (await Promise.all(
    [0, 1].map(() => dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)')),
  )) as { pid: number }[][];
  const pids = [...new Set(opened.map(([row]) => row!.pid))];
  const before = await cpuTicks(pids);
  const nodeCpu = process.cpuUsage();
  const measured = await measure(work);
  const nodeSeconds = cpuSeconds(process.cpuUsage(nodeCpu));
  const after = await cpuTicks(pids);
  const ticks = [...before].reduce((sum, [pid, start]) => sum + (after.get(pid) ?? start) - start, 0);
  return { ...measured, nodeSeconds, pgSeconds: ticks / CLOCK_TICKS };
}
