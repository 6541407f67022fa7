const FRAGMENT = Symbol('sql fragment');

/** A value bound as a parameter, optionally cast (`$3::uuid[]`) so PostgreSQL need not guess its type. */
interface Bound {
  readonly value: unknown;
  readonly cast?: string;
}

type Piece = string | Bound | Sql;

/**
 * A piece of SQL whose values are bound as parameters, never spliced into the text. Fragments
 * nest: placeholders are numbered once, when the whole statement is rendered, so a fragment can be
 * written without knowing where it will sit.
 */
export interface Sql {
  readonly [FRAGMENT]: readonly Piece[];
}

/** What the driver receives: the text with `$n` placeholders and the values in order. */
export interface RenderedSql {
  readonly text: string;
  readonly values: unknown[];
}

const CAST = /^[a-z_][a-z0-9_ ]*(\[\])?$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

const fragment = (pieces: readonly Piece[]): Sql => ({ [FRAGMENT]: pieces });

export const isSql = (value: unknown): value is Sql =>
  typeof value === 'object' && value !== null && FRAGMENT in value;

/**
 * The one way to write a statement with values: `` sql`SELECT … WHERE id = ${id}` ``. Each
 * interpolated value becomes a placeholder; an interpolated `Sql` is inlined.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const pieces: Piece[] = [];
  strings.forEach((text, index) => {
    if (text) pieces.push(text);
    if (index < values.length) {
      const value = values[index];
      pieces.push(isSql(value) ? value : { value });
    }
  });
  return fragment(pieces);
}

/** A value bound with a cast, for arrays and values whose type PostgreSQL cannot infer. */
sql.typed = (value: unknown, cast: string): Sql => {
  if (!CAST.test(cast)) throw new Error(`Not a type name: ${cast}`);
  return fragment([{ value, cast }]);
};

/** SQL text chosen by the code, never by input (a sort direction, an operator from a fixed list). */
sql.raw = (text: string): Sql => fragment([text]);

/** A table alias or column name chosen by the code, checked to be a plain identifier. */
sql.ident = (name: string): Sql => {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain identifier: ${name}`);
  return fragment([name]);
};

/** Fragments joined by a separator (`, `, ` AND `, …). */
sql.join = (parts: readonly Sql[], separator = ', '): Sql =>
  fragment(parts.flatMap((part, index) => (index === 0 ? [part] : [separator, part])));

sql.empty = fragment([]);

/** Numbers the placeholders, `$1` onwards (or after `offset` values already bound elsewhere). */
export function renderSql(statement: Sql, offset = 0): RenderedSql {
  const values: unknown[] = [];
  const render = (pieces: readonly Piece[]): string =>
    pieces
      .map((piece) => {
        if (typeof piece === 'string') return piece;
        if (isSql(piece)) return render(piece[FRAGMENT]);
        values.push(piece.value);
        const placeholder = `$${offset + values.length}`;
        return piece.cast ? `${placeholder}::${piece.cast}` : placeholder;
      })
      .join('');
  return { text: render(statement[FRAGMENT]), values };
}
