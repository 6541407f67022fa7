import { STATUS_CODES } from 'node:http';

/** The one error shape every route answers with (DESIGN §3). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export const errorBody = (statusCode: number, message: string, details?: unknown): ErrorBody => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
  ...(details === undefined ? {} : { details }),
});
