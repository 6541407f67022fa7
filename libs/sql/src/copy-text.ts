const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * A value in the text format of `COPY … FROM STDIN`: `\N` for null, its backslash, tab and line
 * breaks escaped, so a field can never end its column or its row early.
 */
export const copyTextField = (value: string | null): string =>
  value === null
    ? '\\N'
    : COPY_SPECIAL.test(value)
      ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!)
      : value;
