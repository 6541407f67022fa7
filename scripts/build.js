#!/usr/bin/env node
// The one build of the TypeScript tree (apps, libs, tools, bench) into dist/ with swc, and of the
// staff console's single-page app into dist/console-web with Vite. Used by `npm run build`, by the
// launcher behind `npm start`, and by tests that run the compiled apps.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const SOURCES = ['apps', 'libs', 'tools', 'bench', 'deploy'];
/** The React app is Vite's to build (browser code, TSX); swc compiles the server side only. */
const WEB_ROOT = join(root, 'apps', 'console', 'web');
const WEB_OUT = join(root, 'dist', 'console-web');
/** Written beside the built SPA: the hash of the sources it was built from. */
const WEB_STAMP = '.source-hash';
const WEB_INPUTS = [WEB_ROOT, join(root, 'package-lock.json'), join(root, 'scripts', 'build.js')];
const DIST = join(root, 'dist');
/** Written into dist: the hash of the sources the server side was compiled from. */
const SERVER_STAMP = join(DIST, '.server-source-hash');
const SERVER_INPUTS = [
  ...SOURCES.map((dir) => join(root, dir)),
  join(root, '.swcrc'),
  join(root, 'package-lock.json'),
  join(root, 'scripts', 'build.js'),
];

/** Compiles; returns the exit status and, when `quiet`, the captured error output. */
function build({ quiet = false } = {}) {
  const server = buildServer(quiet);
  if (server.status !== 0) return server;
  return buildWeb(quiet);
}

/**
 * Compiles the server side with swc, unless dist was compiled from these very sources. swc writes
 * into a fresh directory whose trees then replace the old ones by rename: a build rewrites every
 * file, and an app starting meanwhile (a test beside another test's build) could otherwise load a
 * half-written one.
 */
function buildServer(quiet) {
  const hash = sourceHash(SERVER_INPUTS, WEB_ROOT);
  const built = SOURCES.every((dir) => existsSync(join(DIST, dir)));
  if (built && existsSync(SERVER_STAMP) && readFileSync(SERVER_STAMP, 'utf8') === hash) {
    return { status: 0, stderr: '' };
  }
  const staging = join(root, `dist.${process.pid}.tmp`);
  const swc = join(root, 'node_modules', '@swc', 'cli', 'bin', 'swc.js');
  const result = spawnSync(
    process.execPath,
    [
      swc,
      ...SOURCES,
      '--out-dir',
      relative(root, staging),
      '--config-file',
      '.swcrc',
      '--ignore',
      'apps/console/web/**',
      '--quiet',
    ],
    { cwd: root, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' },
  );
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    return { status: result.status ?? 1, stderr: result.stderr ?? '' };
  }
  mkdirSync(DIST, { recursive: true });
  for (const dir of SOURCES) {
    if (existsSync(join(staging, dir))) replaceDirectory(join(staging, dir), join(DIST, dir));
  }
  rmSync(staging, { recursive: true, force: true });
  writeFileSync(SERVER_STAMP, hash);
  return { status: 0, stderr: '' };
}

/** Moves `fresh` to `target`, the old `target` aside first; another build may be doing the same. */
function replaceDirectory(fresh, target) {
  const aside = [];
  for (let attempt = 1; ; attempt++) {
    try {
      if (existsSync(target)) {
        aside.push(`${target}.${process.pid}.${attempt}.old`);
        renameSync(target, aside[aside.length - 1]);
      }
      renameSync(fresh, target);
      break;
    } catch (error) {
      if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(error.code)) throw error;
    }
  }
  for (const old of aside) rmSync(old, { recursive: true, force: true });
}

/** Every file under `inputs` (but not under `skip` or in node_modules), hashed by path and content. */
function sourceHash(inputs, skip) {
  const hash = createHash('sha256');
  const visit = (path) => {
    if (path === skip || !existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry !== 'node_modules') visit(join(path, entry));
      }
      return;
    }
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  inputs.forEach(visit);
  return hash.digest('hex');
}

/**
 * Builds the console's SPA with Vite, unless dist/console-web was built from these very sources
 * (a launch then costs one hash of a few dozen files). Vite writes to a fresh directory that
 * replaces the old one, so a console serving the old build never sees a half-written one.
 */
function buildWeb(quiet) {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return { status: 0, stderr: '' };
  const hash = sourceHash(WEB_INPUTS);
  const stampFile = join(WEB_OUT, WEB_STAMP);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return { status: 0, stderr: '' };
  const staging = `${WEB_OUT}.${process.pid}.tmp`;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', join(WEB_ROOT, 'vite.config.ts'), '--outDir', staging, '--logLevel', 'error'],
    { cwd: root, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' },
  );
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    return { status: result.status ?? 1, stderr: `${result.stderr ?? ''}${result.stdout ?? ''}` };
  }
  writeFileSync(join(staging, WEB_STAMP), hash);
  replaceDirectory(staging, WEB_OUT);
  return { status: 0, stderr: '' };
}

module.exports = { build };

if (require.main === module) process.exit(build().status);
