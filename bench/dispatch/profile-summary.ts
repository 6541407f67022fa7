import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profiler } from 'node:inspector';

/**
 * Summarises the mailer's `.cpuprofile` files (BENCH_DISPATCH_MAILER_NODE_ARGS='--cpu-prof
 * --cpu-prof-dir=DIR'): self time per function, and the same samples charged to the innermost frame
 * of the project's own code (dist/apps, dist/libs), so an HMAC or a JSON.stringify counts against
 * the function of ours that asked for it. Figures in µs per recipient.
 * Samples before the first one in a function named AFTER (default `claimBatch`: the first batch)
 * are left out, so the process's start-up is not charged to the recipients, and so are those
 * under `onExit` (the log transport flushing when the bench stops the mailer).
 *   node dist/bench/dispatch/profile-summary.js DIR RECIPIENTS [TOP] [AFTER]
 */
interface Row {
  frame: string;
  ms: number;
}

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);
const OURS = /\/dist\/(apps|libs)\//;

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/dist\//, '');

const frameName = ({ functionName, url, lineNumber }: Profiler.ProfileNode['callFrame']): string =>
  `${functionName || '(anonymous)'} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

export function summarise(
  profiles: Profiler.Profile[],
  after: string,
): { busyMs: number; self: Row[]; ours: Row[] } {
  const self = new Map<string, number>();
  const ours = new Map<string, number>();
  let busyMs = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    const deltas = profile.timeDeltas ?? [];
    const under = (id: number, name: string): boolean => {
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at))
        if (nodes.get(at)!.callFrame.functionName === name) return true;
      return false;
    };
    let started = false;
    profile.samples?.forEach((id, index) => {
      started ||= under(id, after);
      if (!started || under(id, 'onExit')) return;
      const ms = (deltas[index + 1] ?? 0) / 1000;
      const node = nodes.get(id)!;
      if (node.callFrame.functionName === '(idle)') return;
      busyMs += ms;
      add(self, frameName(node.callFrame), ms);
      if (SPECIAL.has(node.callFrame.functionName)) return add(ours, node.callFrame.functionName, ms);
      let at: number | undefined = id;
      while (at !== undefined && !OURS.test(nodes.get(at)!.callFrame.url)) at = parents.get(at);
      add(
        ours,
        at === undefined ? '(no frame of ours: libraries, node)' : frameName(nodes.get(at)!.callFrame),
        ms,
      );
    });
  }
  const sorted = (map: Map<string, number>): Row[] =>
    [...map].map(([frame, ms]) => ({ frame, ms })).sort((a, b) => b.ms - a.ms);
  return { busyMs, self: sorted(self), ours: sorted(ours) };
}

function main(): void {
  const [dir, recipientsArg, topArg, after] = process.argv.slice(2);
  if (!dir || !recipientsArg) throw new Error('usage: profile-summary DIR RECIPIENTS [TOP]');
  const recipients = Number(recipientsArg);
  const top = Number(topArg ?? 25);
  const profiles = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Profiler.Profile);
  const { busyMs, self, ours } = summarise(profiles, after ?? 'claimBatch');
  const us = (ms: number): string => `${((ms * 1000) / recipients).toFixed(2).padStart(7)} µs`;
  const pct = (ms: number): string => `${((100 * ms) / busyMs).toFixed(1).padStart(5)} %`;
  const lines = [
    `${profiles.length} profile(s): ${(busyMs / 1000).toFixed(2)} s busy, ${us(busyMs).trim()} per recipient`,
    `top ${top} functions by self time:`,
    ...self.slice(0, top).map(({ frame, ms }) => `  ${pct(ms)} ${us(ms)}  ${frame}`),
    `top ${top} by the innermost function of ours (dist/apps, dist/libs):`,
    ...ours.slice(0, top).map(({ frame, ms }) => `  ${pct(ms)} ${us(ms)}  ${frame}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) main();
