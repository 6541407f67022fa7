import { stdSerializers } from 'pino';

/** An error as pino's standard serializer leaves it: its own enumerable fields copied, plus these. */
interface SerializedError {
  type: string;
  message: string;
  stack: string;
  [field: string]: unknown;
}

/** What a PostgreSQL error says about where it failed, never the values involved. */
const DATABASE_ERROR_FIELDS = ['code', 'severity', 'routine', 'schema', 'table', 'column', 'constraint'];

const isDatabaseError = (error: SerializedError): boolean =>
  'driverError' in error || ('severity' in error && typeof error.code === 'string' && 'routine' in error);

/**
 * For pino's `err` key: a database error (TypeORM's QueryFailedError, or pg's own) carries the
 * statement and its bound values (addresses, names, whole webhook payloads), and PostgreSQL's
 * message and detail often repeat the offending value; only its type, where it failed and the
 * stack below the message are kept. Other errors pass through unchanged. Takes the error itself
 * (pino) or as pino's standard serializer left it (pino-http wraps a custom serializer so).
 */
export function serializeError(raw: Error | SerializedError): SerializedError {
  const error = raw instanceof Error ? (stdSerializers.err(raw) as SerializedError) : raw;
  if (!isDatabaseError(error)) return error;
  const kept = Object.fromEntries(
    DATABASE_ERROR_FIELDS.filter((field) => error[field] !== undefined).map((field) => [field, error[field]]),
  );
  return {
    type: error.type,
    message: `database error ${String(error.code ?? '')}`.trim(),
    stack: error.stack.split('\n').slice(1).join('\n'),
    ...kept,
  };
}
