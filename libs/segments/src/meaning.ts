import { sql, type Sql } from '@crm/sql';
import { type Relation, rowsOf, supporterIdOf } from './relations';
import type { SegmentCondition } from './rule';
import { datePredicate, numberPredicate } from './sql-predicates';

/**
 * What one condition means, in one of four kinds (field-meanings.ts says which for each field),
 * and its plain SQL (pass 1 of the compiler, translate-segment.ts):
 *
 * - `test`: a two-valued test of the supporter's own columns (`s.tags @> ARRAY[$1::text]`);
 * - `rows`: the supporter has (or, `absent`, has no) row in a related table passing some filters
 *   (`EXISTS (SELECT 1 FROM gift_aid_declarations g WHERE g.supporter_id = s.id AND …)`);
 * - `number`: an aggregate of the supporter's related rows, 0 when there are none, compared with
 *   the condition's value (`coalesce((SELECT sum(…) FROM donations d WHERE …), 0) >= $1::bigint`);
 * - `date`: the first (min) or last (max) date of the supporter's related rows, null when there
 *   are none, tested with the condition's operator.
 */
export type Meaning =
  | { kind: 'test'; test: (supporter: string) => Sql }
  | { kind: 'rows'; relation: Relation; filters: Sql[]; absent: boolean }
  | {
      kind: 'number';
      relation: Relation;
      aggregate: Sql;
      isCount: boolean;
      condition: SegmentCondition;
      /** For the donations fields: the column of the giving summary holding the same aggregate. */
      giving?: 'gift_count' | 'total' | 'largest';
    }
  | {
      kind: 'date';
      relation: Relation;
      column: Sql;
      which: 'min' | 'max';
      condition: SegmentCondition;
      /** For the donations fields: the column of the giving summary holding the same date. */
      giving?: 'first_paid_at' | 'last_paid_at';
    };

export type RowsMeaning = Extract<Meaning, { kind: 'rows' }>;
export type TestMeaning = Extract<Meaning, { kind: 'test' }>;

export const test = (build: (supporter: string) => Sql): TestMeaning => ({ kind: 'test', test: build });
export const rows = (relation: Relation, filters: Sql[] = [], absent = false): RowsMeaning => ({
  kind: 'rows',
  relation,
  filters,
  absent,
});
export const negate = (meaning: TestMeaning | RowsMeaning): TestMeaning | RowsMeaning =>
  meaning.kind === 'test'
    ? test((supporter) => sql`NOT (${meaning.test(supporter)})`)
    : { ...meaning, absent: !meaning.absent };

export function plainMeaning(meaning: Meaning, supporter: string, now: Date): Sql {
  const id = supporterIdOf(supporter);
  switch (meaning.kind) {
    case 'test':
      return meaning.test(supporter);
    case 'rows': {
      const found = rowsOf(meaning.relation, id, meaning.filters);
      return meaning.absent ? sql`NOT EXISTS (${found})` : sql`EXISTS (${found})`;
    }
    case 'number': {
      const value = sql`coalesce((${rowsOf(meaning.relation, id, [], meaning.aggregate)}), 0)`;
      return numberPredicate(value, meaning.condition);
    }
    case 'date': {
      const which = meaning.which === 'min' ? sql`min` : sql`max`;
      const date = sql`(${rowsOf(meaning.relation, id, [], sql`${which}(${meaning.column})`)})`;
      const { condition } = meaning;
      if (condition.op === 'exists') {
        return condition.value === false ? sql`${date} IS NULL` : sql`${date} IS NOT NULL`;
      }
      // No date (no rows) fails every comparison: false, not null, so a NOT above it holds.
      return sql`coalesce(${datePredicate(date, condition, now)}, false)`;
    }
  }
}
