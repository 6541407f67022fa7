import type { AppName } from './platform-config';

/**
 * Each app's V8 old-generation ceiling in MiB: half its container's memory limit (deploy/k8s), which
 * is what Node.js itself would choose inside that container, and several times its largest measured
 * heap (BENCHMARKS.md). Set explicitly so that an app started anywhere else behaves as in its
 * container: on a host with plenty of memory V8 sizes the heap from the host (4 GiB on a 24 GiB
 * machine) and lets the old generation grow up to four times past what survived its last full
 * collection, so the mailer, whose live heap is 40–70 MiB, reached 253 MiB resident during a
 * million-recipient send; with a ceiling in this range V8 collects when the old generation has
 * grown by about a third instead.
 */
export const APP_HEAP_MB: Readonly<Record<AppName, number>> = {
  donations: 256,
  subscribers: 384,
  mailer: 256,
  console: 192,
};

/** The Node.js options an app's process is started with, wherever it is started. */
export const appNodeOptions = (app: AppName): string[] => [`--max-old-space-size=${APP_HEAP_MB[app]}`];
