import type { Client } from 'pg';

/**
 * `BENCH_PROFILE=1` for `bench:segments`: the top costs of a statement from
 * `EXPLAIN (ANALYZE, BUFFERS)`, each plan node's own time (its total less its children's), so a
 * reader sees where a preview's milliseconds go without reading the whole plan.
 */

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Alias?: string;
  'Subplan Name'?: string;
  'CTE Name'?: string;
  'Parent Relationship'?: string;
  'Actual Total Time': number;
  'Actual Rows': number;
  'Actual Loops': number;
  'Workers Launched'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Temp Read Blocks'?: number;
  Plans?: PlanNode[];
}

interface Explained {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
  JIT?: { Timing?: { Total?: number } };
}

export interface NodeCost {
  label: string;
  selfMs: number;
  rows: number;
  loops: number;
  blocks: number;
}

/**
 * A node's time over all its loops. Under a Gather each process (leader and workers) runs the node
 * once at the same time, so its loops are divided by the number of processes (`parallel`).
 */
const totalMs = (node: PlanNode, parallel: number): number =>
  (node['Actual Total Time'] * node['Actual Loops']) / parallel;

function label(node: PlanNode): string {
  const on = node['Index Name'] ?? node['Relation Name'] ?? node['CTE Name'];
  const where =
    node['Subplan Name'] ?? (node.Alias && node.Alias !== node['Relation Name'] ? node.Alias : '');
  return [node['Node Type'], on ? `on ${on}` : '', where ? `(${where})` : ''].filter(Boolean).join(' ');
}

const isCte = (node: PlanNode): boolean => node['Subplan Name']?.startsWith('CTE ') ?? false;

/** Each CTE's time, by name: spent inside whichever CTE Scan first reads its rows. */
function cteTimes(node: PlanNode, into: Map<string, number>, parallel = 1): Map<string, number> {
  const inner = node['Workers Launched'] === undefined ? parallel : node['Workers Launched'] + 1;
  if (isCte(node)) into.set(node['Subplan Name']!.slice(4), totalMs(node, parallel));
  for (const child of node.Plans ?? []) cteTimes(child, into, inner);
  return into;
}

function collect(node: PlanNode, into: NodeCost[], ctes: Map<string, number>, parallel = 1): void {
  const children = node.Plans ?? [];
  const inner = node['Workers Launched'] === undefined ? parallel : node['Workers Launched'] + 1;
  // Sub- and init plans run inside the node that evaluates them, so its time includes theirs too;
  // a CTE's time is inside the CTE Scans reading it instead.
  let childMs = children
    .filter((child) => !isCte(child))
    .reduce((sum, child) => sum + totalMs(child, inner), 0);
  const cte = node['Node Type'] === 'CTE Scan' ? node['CTE Name'] : undefined;
  if (cte !== undefined) {
    const own = Math.min(ctes.get(cte) ?? 0, totalMs(node, parallel));
    ctes.set(cte, (ctes.get(cte) ?? 0) - own);
    childMs += own;
  }
  into.push({
    label: label(node),
    selfMs: Math.max(0, totalMs(node, parallel) - childMs),
    rows: node['Actual Rows'] * node['Actual Loops'],
    loops: node['Actual Loops'],
    blocks: (node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0),
  });
  for (const child of children) collect(child, into, ctes, inner);
}

/** Runs the statement under EXPLAIN ANALYZE and describes its `top` costliest nodes, one a line. */
export async function profileStatement(
  client: Client,
  statement: { text: string; values: unknown[] },
  top = 5,
): Promise<string[]> {
  const { rows } = await client.query<{ 'QUERY PLAN': Explained[] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`,
    statement.values,
  );
  const [explained] = rows[0]['QUERY PLAN'];
  const costs: NodeCost[] = [];
  collect(explained.Plan, costs, cteTimes(explained.Plan, new Map()));
  costs.sort((a, b) => b.selfMs - a.selfMs);
  const jit = explained.JIT?.Timing?.Total;
  return [
    `execution ${explained['Execution Time'].toFixed(0)} ms, planning ${explained['Planning Time'].toFixed(1)} ms` +
      (jit === undefined ? ', no JIT' : `, JIT ${jit.toFixed(0)} ms`),
    ...costs
      .slice(0, top)
      .map(
        (cost) =>
          `  ${cost.selfMs.toFixed(0).padStart(6)} ms  ${cost.label}  rows ${cost.rows} loops ${cost.loops} blocks ${cost.blocks}`,
      ),
  ];
}
