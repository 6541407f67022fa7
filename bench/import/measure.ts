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
    peak = Math.max(peak, process.memoryUsage.rss());
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
