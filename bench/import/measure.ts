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
