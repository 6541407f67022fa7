/** Tests run against the real PostgreSQL and Redis; each file gets its own database and queue prefix. */
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      // Rewrites @crm/* imports, including in the global setup, which moduleNameMapper does not reach.
      baseUrl: __dirname,
      paths: { '@crm/*': ['libs/*/src'] },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // otplib's @scure/base and @noble/hashes ship ESM only; jest on Node 20 cannot require ESM, so swc compiles them.
  transform: { '^.+\\.ts$': swc, '/node_modules/@(scure|noble)/.+\\.js$': swc },
  transformIgnorePatterns: ['^(?!.*/node_modules/@(scure|noble)/).*/node_modules/'],
  moduleNameMapper: {
    '^@crm/([a-z-]+)$': '<rootDir>/libs/$1/src',
    // marked ships ESM only; jest on Node 20 cannot require ESM, so tests load its UMD build.
    '^marked$': '<rootDir>/node_modules/marked/lib/marked.umd.js',
  },
  testMatch: ['<rootDir>/{apps,libs,test,tools}/**/*.spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
};
