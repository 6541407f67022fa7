import { FIELD_SQL } from './field-sql';
import { isSegmentField } from './fields';
import { type Leaf, negateLeaf, renderConjunction, renderLeaf } from './relations';
import { isAll, isAny, isCondition, isNot, type SegmentCondition, type SegmentRule } from './rule';
import { SqlParams } from './sql-params';
import type { PredicateContext } from './sql-predicates';

export interface CompiledSegment {
  /** Boolean SQL over the supporters table aliased `s`; values only through `$n` placeholders. */
  where: string;
  params: unknown[];
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
  const context: PredicateContext = { params: new SqlParams(paramOffset), now: options.now ?? new Date() };
  const where = compileNode(rule, context, false);
  return { where, params: context.params.values };
}

/** Negation is pushed down to the leaves, so each becomes EXISTS or NOT EXISTS the planner can join. */
function compileNode(rule: SegmentRule, context: PredicateContext, negated: boolean): string {
  if (isNot(rule)) return compileNode(rule.not, context, !negated);
  if (!isAll(rule) && !isAny(rule)) return renderLeaf(compileLeaf(rule, context), negated);
  const children = isAll(rule) ? rule.all : rule.any;
  if (isAll(rule) === negated) {
    return `(${children.map((child) => compileNode(child, context, negated)).join(' OR ')})`;
  }
  const leaves: Leaf[] = [];
  const subtrees: string[] = [];
  for (const child of children) {
    const leaf = leafOf(child, context, negated);
    if (leaf) leaves.push(leaf);
    else subtrees.push(compileNode(child, context, negated));
  }
  return `(${[...renderConjunction(leaves), ...subtrees].join(' AND ')})`;
}

/** A condition under any number of `not`s, as one (possibly negated) leaf; null for combinators. */
function leafOf(rule: SegmentRule, context: PredicateContext, negated: boolean): Leaf | null {
  if (isNot(rule)) return leafOf(rule.not, context, !negated);
  if (!isCondition(rule)) return null;
  const leaf = compileLeaf(rule, context);
  return negated ? negateLeaf(leaf) : leaf;
}

function compileLeaf(condition: SegmentCondition, context: PredicateContext): Leaf {
  if (!isSegmentField(condition.field)) throw new Error(`unvalidated field reached the compiler`);
  return FIELD_SQL[condition.field](condition, context);
}
