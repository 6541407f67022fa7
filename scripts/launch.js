#!/usr/bin/env node
// Entry point for the npm scripts: compiles the TypeScript with swc (about a second), then runs the
// compiled tool in this same process, so signals sent to `npm start` reach the process supervisor
// directly rather than a shell that would orphan it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { build } = require('./build');

const root = join(__dirname, '..');
// `tool` is a path under the compiled tree without its extension, e.g. `tools/start` or `bench/segments`.
const [tool, ...args] = process.argv.slice(2);
const compiled = join(root, 'dist', `${tool}.js`);

// The CLI may run beside live apps; rebuilding then would rewrite files they are loading. Tests that
// run `npm start` beside other compiled processes have built already and say so with CRM_PREBUILT.
const prebuilt = process.env.CRM_PREBUILT === '1' || tool === 'tools/cli';
const mustBuild = !prebuilt || !existsSync(compiled);
if (mustBuild) {
  const { status } = build();
  if (status !== 0) process.exit(status);
}
process.argv = [process.argv[0], compiled, ...args];
require(compiled);
