/** Collects bound parameters; `bind` returns the placeholder, so values never enter the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly offset: number) {}

  bind(value: unknown, type: 'text' | 'text[]' | 'bigint' | 'timestamptz' | 'uuid[]'): string {
    this.values.push(value);
    return `$${this.offset + this.values.length}::${type}`;
  }
}
