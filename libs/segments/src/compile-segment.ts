import { FIELD_SQL } from './field-sql';
import { isSegmentField } from './fields';
import { isAll, isAny, isNot, type SegmentRule } from './rule';
import { renderLeaf } from './relations';
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
  if (isAll(rule) || isAny(rule)) {
    const children = isAll(rule) ? rule.all : rule.any;
    const joiner = isAll(rule) !== negated ? ' AND ' : ' OR ';
    return `(${children.map((child) => compileNode(child, context, negated)).join(joiner)})`;
  }
  if (!isSegmentField(rule.field)) throw new Error(`unvalidated field reached the compiler`);
  return renderLeaf(FIELD_SQL[rule.field](rule, context), negated);
}
