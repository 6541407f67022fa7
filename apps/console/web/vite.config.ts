import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The staff console's single-page app. Built into <repo>/dist/console-web, which the console app
 * serves; in development `vite` proxies /api to a console running on CONSOLE_PORT.
 */
export default defineConfig({
  root: __dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(__dirname, '../../../dist/console-web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': `http://localhost:${process.env.CONSOLE_PORT ?? '3000'}` },
  },
});
