import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

// scripts/build.js is plain CommonJS shared with the npm scripts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build } = require('../../scripts/build') as {
  build(options: { quiet: boolean }): { status: number; stderr: string };
};

let built = false;

/** Compiles the repo to dist/ as `npm start` does (once per test process), so a test can run the real entry points. */
export function buildOnce(): void {
  if (built) return;
  const result = build({ quiet: true });
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
  built = true;
}

export const compiled = (...segments: string[]): string => join(REPO_ROOT, 'dist', ...segments);
