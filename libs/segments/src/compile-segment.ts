import { FIELD_SQL } from './field-sql';
import { isSegmentField } from './fields';
import { combineConjunction, type Leaf, negateLeaf, renderLeaf, TOP_SUBJECT } from './relations';
import { isAll, isAny, isCondition, isNot, type SegmentCondition, type SegmentRule } from './rule';
import { SqlParams } from './sql-params';
import type { PredicateContext } from './sql-predicates';

export interface CompiledSegment {
  /** Boolean SQL over the supporters table aliased `s`; values only through `$n` placeholders. */
  where: string;
  params: unknown[];
}

/** Nested anchors are numbered so each names its own groups. */
interface CompileContext extends PredicateContext {
  anchors: number;
}

export interface CompileOptions {
  /** The instant relative dates and windows (`P30D`) count back from; defaults to now. */
  now?: Date;
}

/**
 * Compiles a parsed rule tree to one boolean SQL expression with bound parameters numbered from
 * `$<paramOffset + 1>`. Call `parseSegmentRules` first: the compiler trusts its input's shape.
 */
export function compileSegment(
  rule: SegmentRule,
  paramOffset = 0,
  options: CompileOptions = {},
): CompiledSegment {
  const context: CompileContext = {
    params: new SqlParams(paramOffset),
    now: options.now ?? new Date(),
    anchors: 0,
  };
  const where = compileNode(rule, context, false).render(TOP_SUBJECT);
  return { where, params: context.params.values };
}

/**
 * A compiled subtree, rendered for a subject id. `idOnly` nodes read nothing of the supporter but
 * the id, so they may be rendered inside an anchor's groups instead of over `s`.
 */
interface CompiledNode {
  render: (subject: string) => string;
  idOnly: boolean;
  /** For a leaf holding exactly for the supporters of a grouped aggregate: the query of their ids. */
  groups?: string;
}

const leafNode = (leaf: Leaf): CompiledNode => ({
  render: (subject) => renderLeaf(leaf, false, subject),
  idOnly: 'rows' in leaf,
  ...('rows' in leaf && !leaf.holdsWithoutRows && leaf.groups ? { groups: leaf.groups } : {}),
});

const joined = (nodes: CompiledNode[], operator: 'AND' | 'OR'): CompiledNode => ({
  render: (subject) => `(${nodes.map((node) => node.render(subject)).join(` ${operator} `)})`,
  idOnly: nodes.every((node) => node.idOnly),
});

/** Negation is pushed down to the leaves, so each becomes EXISTS or NOT EXISTS the planner can join. */
function compileNode(rule: SegmentRule, context: CompileContext, negated: boolean): CompiledNode {
  if (isNot(rule)) return compileNode(rule.not, context, !negated);
  if (!isAll(rule) && !isAny(rule)) {
    const leaf = compileLeaf(rule, context);
    return leafNode(negated ? negateLeaf(leaf) : leaf);
  }
  const children = isAll(rule) ? rule.all : rule.any;
  if (isAll(rule) === negated) {
    return joined(
      children.map((child) => compileNode(child, context, negated)),
      'OR',
    );
  }
  const leaves: Leaf[] = [];
  const subtrees: CompiledNode[] = [];
  for (const child of children) {
    const leaf = leafOf(child, context, negated);
    if (leaf) leaves.push(leaf);
    else subtrees.push(compileNode(child, context, negated));
  }
  return anchored([...combineConjunction(leaves).map(leafNode), ...subtrees], context);
}

/**
 * A conjunction with a grouped aggregate ("gave £100 in the last year") tests its other id-only
 * conditions inside the aggregate's groups: under an OR, every supporter then probes one hashed
 * set of the supporters passing them all, instead of the aggregate's larger set and then each
 * of the others.
 */
function anchored(parts: CompiledNode[], context: CompileContext): CompiledNode {
  const anchor = parts.find((part) => part.groups !== undefined);
  const inside = parts.filter((part) => part !== anchor && part.idOnly);
  if (!anchor?.groups || inside.length === 0) return joined(parts, 'AND');
  const alias = `anchor${++context.anchors}`;
  const groups = anchor.groups;
  const nested: CompiledNode = {
    render: (subject) =>
      `EXISTS (SELECT 1 FROM (${groups}) ${alias} WHERE ${alias}.supporter_id = ${subject} AND ${joined(inside, 'AND').render(`${alias}.supporter_id`)})`,
    idOnly: true,
  };
  return joined([...parts.filter((part) => part !== anchor && !part.idOnly), nested], 'AND');
}

/** A condition under any number of `not`s, as one (possibly negated) leaf; null for combinators. */
function leafOf(rule: SegmentRule, context: CompileContext, negated: boolean): Leaf | null {
  if (isNot(rule)) return leafOf(rule.not, context, !negated);
  if (!isCondition(rule)) return null;
  const leaf = compileLeaf(rule, context);
  return negated ? negateLeaf(leaf) : leaf;
}

function compileLeaf(condition: SegmentCondition, context: PredicateContext): Leaf {
  if (!isSegmentField(condition.field)) throw new Error(`unvalidated field reached the compiler`);
  return FIELD_SQL[condition.field](condition, context);
}
