/* global module, require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- jest loads this file as CommonJS */
/** The fault suite: the three apps as real processes under Redis, PostgreSQL, provider and crash faults. */
const { join } = require('node:path');
const root = require('../../jest.config.js');

const repoRoot = join(__dirname, '..', '..');

module.exports = {
  rootDir: repoRoot,
  testEnvironment: 'node',
  transform: root.transform,
  moduleNameMapper: root.moduleNameMapper,
  globalSetup: root.globalSetup,
  globalTeardown: root.globalTeardown,
  testMatch: ['<rootDir>/test/faults/**/*.fault.ts'],
  // Scenarios start processes and break shared infrastructure of their own; one at a time.
  maxWorkers: 1,
  testTimeout: process.env.FAULTS_LONG === '1' ? 1_800_000 : 180_000,
};
