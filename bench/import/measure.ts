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
 * CPU time (user and system) used so far by the PostgreSQL backends serving this data source's
 * pool, read from /proc (the bench runs on the database's host); with `since`, the time used
 * after it by those same backends. A figure the host's load does not stretch, unlike wall time.
 */
async function backendCpu(
  dataSource: DataSource,
  since?: { ticks: Map<number, number> },
): Promise<{ ticks: Map<number, number>; seconds: number }> {
  const pids = since
    ? [...since.ticks.keys()]
    : (
        (await dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'bench-import'`,
        )) as { pid: number }[]
      ).map((row) => row.pid);
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks.set(pid, fields ? Number(fields[11]) + Number(fields[12]) : 0);
  }
  let used = 0;
  if (since) for (const [pid, before] of since.ticks) used += (ticks.get(pid) ?? before) - before;
  return { ticks, seconds: used / CLOCK_TICKS };
}

/** Linux's USER_HZ. */
const CLOCK_TICKS = 100;

/**
 * `measure` with the CPU time the work cost PostgreSQL (the data source's pool, both of its
 * connections opened first so each is counted) and this Node process.
 */
export async function withCpu<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<Awaited<ReturnType<typeof measure<T>>> & { pgSeconds: number; nodeSeconds: number }> {
  await Promise.all([dataSource.query('SELECT pg_sleep(0.05)'), dataSource.query('SELECT pg_sleep(0.05)')]);
  const backends = await backendCpu(dataSource);
  const nodeCpu = process.cpuUsage();
  const measured = await measure(work);
  const nodeSeconds = cpuSeconds(process.cpuUsage(nodeCpu));
  return { ...measured, nodeSeconds, pgSeconds: (await backendCpu(dataSource, backends)).seconds };
}
