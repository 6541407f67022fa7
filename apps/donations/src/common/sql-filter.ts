import { afterCreatedAtSql, type CursorPosition } from '@crm/platform';

/** Builds a parameterised WHERE clause: values are always bound, never spliced into the SQL. */
export class SqlFilter {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** `condition` uses `$?` for the value's placeholder. */
  add(condition: string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this;
    this.params.push(value);
    this.conditions.push(condition.replaceAll('$?', `$${this.params.length}`));
    return this;
  }

  /** Rows of `table` (aliased `alias`) strictly after a keyset position in (created_at DESC, id DESC) order. */
  after(position: CursorPosition | null, table: string, alias: string): this {
    if (!position) return this;
    this.params.push(position.at, position.id);
    const [at, id] = [this.params.length - 1, this.params.length];
    this.conditions.push(afterCreatedAtSql(table, alias, `$${at}::timestamptz`, `$${id}::uuid`));
    return this;
  }

  get where(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }

  /** The same conditions, to follow a WHERE clause of the query's own. */
  get andWhere(): string {
    return this.conditions.map((condition) => `AND ${condition}`).join(' ');
  }

  /** The next placeholder number, for a LIMIT after the filter's own parameters. */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}
