import type { AppName } from './platform-config';

/**
 * Each app's V8 old-generation ceiling in MiB, three quarters of its container's memory limit
 * (deploy/k8s) and several times its largest measured heap (BENCHMARKS.md). Without one, V8 sizes
 * the heap from the host's memory (4 GiB on a 24 GiB machine) and then lets the old generation grow
 * up to four times past what survived its last full collection: the mailer, whose live heap is
 * 40–70 MiB, reached 295 MiB resident during a million-recipient send. A ceiling in this range makes
 * V8 collect when the old generation has grown by about a third instead.
 */
export const APP_HEAP_MB: Readonly<Record<AppName, number>> = {
  donations: 384,
  subscribers: 576,
  mailer: 384,
  console: 288,
};

/** The Node.js options an app's process is started with, wherever it is started. */
export const appNodeOptions = (app: AppName): string[] => [`--max-old-space-size=${APP_HEAP_MB[app]}`];
