import type { SeedProgress } from './seed-bench-data';

const WIDTH = 30;

/** Redraws one progress line on stderr, so stdout keeps only the figures. */
export function drawProgress({ step, done, total }: SeedProgress): void {
  const ratio = total === 0 ? 1 : done / total;
  const filled = Math.round(ratio * WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
  process.stderr.write(`\r[${bar}] ${(ratio * 100).toFixed(0).padStart(3)}% ${step.padEnd(16)}`);
  if (ratio >= 1 && step === 'vacuum analyze') process.stderr.write('\n');
}
