import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      // A build in progress (scripts/build.js), moved into dist/ when swc is done.
      'dist.*.tmp/',
      'node_modules/',
      'coverage/',
      'scripts/',
      'jest.config.js',
      'eslint.config.mjs',
      'test-artifacts/',
      // Written by `npm run console:api` from the apps' OpenAPI documents.
      'apps/console/web/src/api/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/*', '../../apps/**'], message: 'libs/ must never import apps/' }] },
      ],
    },
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/**', '../../*/src/**'],
              message: 'An app never imports another app; share code through libs/',
            },
          ],
        },
      ],
    },
  },
  {
    // The console's API generator reads each app's routes, as the route inventory test does.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts', 'tools/console-api.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
