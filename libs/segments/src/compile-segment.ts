import { FIELD_SQL } from './field-sql';
import { isSegmentField } from './fields';
import { isAll, isAny, isNot, type SegmentRule } from './rule';
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
  const where = compileNode(rule, context);
  return { where, params: context.params.values };
}

function compileNode(rule: SegmentRule, context: PredicateContext): string {
  if (isAll(rule)) return `(${rule.all.map((child) => compileNode(child, context)).join(' AND ')})`;
  if (isAny(rule)) return `(${rule.any.map((child) => compileNode(child, context)).join(' OR ')})`;
  if (isNot(rule)) return `NOT (${compileNode(rule.not, context)})`;
  if (!isSegmentField(rule.field)) throw new Error(`unvalidated field reached the compiler`);
  return FIELD_SQL[rule.field](rule, context);
}
