#!/usr/bin/env node
// The one build of the TypeScript tree (apps, libs, tools, bench) into dist/ with swc. Used by
// `npm run build`, by the launcher behind `npm start`, and by tests that run the compiled apps.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const SOURCES = ['apps', 'libs', 'tools', 'bench'];

/** Compiles; returns swc's exit status and, when `quiet`, its captured error output. */
function build({ quiet = false } = {}) {
  const swc = join(root, 'node_modules', '@swc', 'cli', 'bin', 'swc.js');
  const result = spawnSync(
    process.execPath,
    [swc, ...SOURCES, '--out-dir', 'dist', '--config-file', '.swcrc', '--quiet'],
    { cwd: root, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' },
  );
  return { status: result.status ?? 1, stderr: result.stderr ?? '' };
}

module.exports = { build };

if (require.main === module) process.exit(build().status);
