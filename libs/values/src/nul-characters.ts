/** PostgreSQL stores no NUL (U+0000) in text or jsonb: a statement given one fails. */
const NUL = '\u0000';

/** Objects whose fields are walked: not bytes (an upload's Buffer is not read byte by byte) nor dates. */
const isWalkable = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof Date);

/** The paths (`a.b[2]`) of every string under `value` that holds a NUL. */
export function nulPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes(NUL) ? [path || 'body'] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulPaths(item, `${path}[${index}]`));
  if (isWalkable(value)) {
    return Object.entries(value).flatMap(([key, item]) => nulPaths(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** `value` with every NUL removed from its strings, for provider payloads kept as they came otherwise. */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes(NUL) ? value.replaceAll(NUL, '') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (isWalkable(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutNul(item)])) as T;
  }
  return value;
}
