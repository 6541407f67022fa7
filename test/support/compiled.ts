import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** Compiles the repo to dist/ as `npm start` does, so a test can run the real entry points. */
export function buildOnce(): void {
  const swc = join(REPO_ROOT, 'node_modules', '@swc', 'cli', 'bin', 'swc.js');
  const result = spawnSync(
    process.execPath,
    [swc, 'apps', 'libs', 'tools', 'bench', '--out-dir', 'dist', '--config-file', '.swcrc', '--quiet'],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
}

export const compiled = (...segments: string[]): string => join(REPO_ROOT, 'dist', ...segments);
