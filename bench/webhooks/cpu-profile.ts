import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';

/**
 * `BENCH_PROFILE=1`: a CPU profile of this process (the one the real app runs in) over one phase,
 * written as a `.cpuprofile` (Chrome DevTools, speedscope) and summarised as self time per group
 * of code and per function. A sample is charged to the innermost frame whose file belongs to a
 * group, so `JSON.parse` called by body-parser counts as body parsing and an HMAC called by stripe
 * as the signature check; Node's own http, net and stream code only when no library called it (a
 * socket write by pg counts as pg).
 */
export async function startCpuProfile(): Promise<{ stop(): Promise<Profiler.Profile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      session.disconnect();
      return profile;
    },
  };
}

/** Groups in the order they are tested: the first whose pattern matches a frame's file wins. */
const GROUPS: [string, RegExp][] = [
  ['guard', /staff-auth\.guard|\/guards\//],
  ['interceptors', /interceptor|\/rxjs\//],
  ['logging', /pino|sonic-boom|logging\.module|\/nestjs-pino\/|fast-redact|\/logger\.service/],
  ['metrics', /prom-client|\/metrics\//],
  ['validation', /\/zod\/|class-validator|class-transformer|\/pipes\/|request-shape\.pipe|validation\.pipe/],
  ['body parsing', /body-parser|raw-body|iconv-lite|content-type|type-is|media-typer|body-limits/],
  ['signature (stripe)', /\/stripe\/|stripe-signature/],
  ['TypeORM', /\/typeorm\//],
  ['BullMQ + ioredis', /\/bullmq\/|\/ioredis\/|redis-parser|msgpackr|cluster-key-slot|\/libs\/queues\//],
  ['pg', /\/pg\/|\/pg-protocol\/|\/pg-pool\/|\/pg-types\/|postgres-/],
  ['helmet', /\/helmet\//],
  ['Nest + express routing', /@nestjs\/|\/express\/|\/router\/|path-to-regexp|finalhandler|\/send\//],
  ['webhook inbox', /\/stripe-webhook\//],
  ['event processing', /\/stripe-events\/|\/stripe-batching\/|\/gift-aid\/|\/donate-page\/|\/erasure\//],
  ['app + libs (other)', /\/dist\/(apps|libs)\//],
];
const NODE_IO: [string, RegExp] = [
  'node http + net',
  /node:_http|node:http|node:net|node:internal\/(stream|streams|http)|node:stream/,
];

/** Groups of the app's own code, as opposed to the libraries it calls. */
const APP_CODE = new Set(['webhook inbox', 'event processing', 'app + libs (other)']);

const SPECIAL = new Set(['(garbage collector)', '(program)', '(idle)']);

interface Cost {
  group: string;
  ms: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  groups: Cost[];
  functions: (Cost & { frame: string })[];
}

const groupOf = (url: string): string | undefined => GROUPS.find(([, pattern]) => pattern.test(url))?.[0];

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/dist\//, '');

export function summariseProfile(profile: Profiler.Profile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfMs = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  profile.samples?.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
  });
  const groupOfNode = (id: number): string => {
    const name = nodes.get(id)!.callFrame.functionName;
    if (SPECIAL.has(name)) return name;
    let io = false;
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const { url } = nodes.get(at)!.callFrame;
      const group = groupOf(url);
      // The app's own code writing a response (the webhook middleware answers by itself) is HTTP
      // cost, as it is when a library (Express's res.send) writes it.
      if (group) return io && APP_CODE.has(group) ? NODE_IO[0] : group;
      io ||= NODE_IO[1].test(url);
    }
    return io ? NODE_IO[0] : 'other (node internals, native)';
  };
  const groups = new Map<string, number>();
  const functions = new Map<string, Cost>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const { callFrame } = nodes.get(id)!;
    totalMs += ms;
    if (callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const group = groupOfNode(id);
    groups.set(group, (groups.get(group) ?? 0) + ms);
    const frame = `${callFrame.functionName || '(anonymous)'} ${shortUrl(callFrame.url)}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    const cost = functions.get(frame) ?? { group, ms: 0 };
    cost.ms += ms;
    functions.set(frame, cost);
  }
  const byCost = <T extends { ms: number }>(a: T, b: T): number => b.ms - a.ms;
  return {
    totalMs,
    idleMs,
    groups: [...groups].map(([group, ms]) => ({ group, ms })).sort(byCost),
    functions: [...functions].map(([frame, cost]) => ({ frame, ...cost })).sort(byCost),
  };
}

/** The summary as printed: groups, then the costliest functions, each in µs per event. */
export function profileReport(summary: ProfileSummary, events: number, topFunctions = 25): string {
  const busy = summary.totalMs - summary.idleMs;
  const perEvent = (ms: number): string => `${((ms * 1000) / events).toFixed(0).padStart(6)} µs/event`;
  const share = (ms: number): string => `${((100 * ms) / busy).toFixed(1).padStart(5)} %`;
  const lines = [
    `CPU profile of the app's process: ${(busy / 1000).toFixed(2)} s busy, ${(summary.idleMs / 1000).toFixed(2)} s idle, ${perEvent(busy).trim()}`,
    'self time by group (sample charged to the innermost frame of a known group):',
    ...summary.groups.map(({ group, ms }) => `  ${group.padEnd(34)} ${share(ms)} ${perEvent(ms)}`),
    `top ${topFunctions} functions by self time:`,
    ...summary.functions
      .slice(0, topFunctions)
      .map(({ frame, group, ms }) => `  ${share(ms)} ${perEvent(ms)}  [${group}] ${frame}`),
  ];
  return lines.join('\n');
}

export function writeProfile(profile: Profiler.Profile, path: string): void {
  writeFileSync(path, JSON.stringify(profile));
}
