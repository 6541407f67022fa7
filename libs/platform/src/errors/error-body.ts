import { STATUS_CODES } from 'node:http';

/** The one error shape every route answers with (DESIGN §3). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** The module's stable error code, when the error has one. */
  code?: string;
  message: string;
  details?: unknown;
}

export const errorBody = (
  statusCode: number,
  message: string,
  details?: unknown,
  code?: string,
): ErrorBody => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  ...(code === undefined ? {} : { code }),
  message,
  ...(details === undefined ? {} : { details }),
});
