import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { type ErrorBody, errorBody } from './error-body';

/**
 * Errors thrown by Express body parsing (http-errors) carry a status and `expose` but are not
 * HttpExceptions; most also carry a `type`, though not one from a body whose compression cannot be
 * undone (a corrupt gzip body is a zlib error wrapped as a 400).
 */
interface BodyParserError {
  status: number;
  expose: boolean;
  type?: string;
  message: string;
  /** The route's body limit in bytes, on a body that went over it. */
  limit?: number;
}

/**
 * PostgreSQL refusing a bound value it cannot read or store (bad text for its type, a time or
 * number out of range, an untranslatable or NUL character): a value the client sent that
 * validation did not foresee, which the client can fix. Other data exceptions (division by zero)
 * are our own faults and stay 500s.
 */
const REFUSED_VALUE_CODES = new Set(['22P02', '22007', '22008', '22003', '22001', '22021', '22P05']);

const isRefusedValue = (error: unknown): boolean =>
  error instanceof QueryFailedError &&
  REFUSED_VALUE_CODES.has(String((error.driverError as { code?: unknown }).code));

/**
 * PostgreSQL too busy to answer in time (a statement timeout, too many connections, not yet
 * accepting them) or the pool having no connection free within its wait: load, not a fault in
 * the request or the code, so the client is told to try again shortly (503) instead of a 500.
 */
const BUSY_CODES = new Set(['57014', '53300', '57P03']);
const POOL_WAIT_EXCEEDED = 'timeout exceeded when trying to connect';
/** Seconds a client is asked to wait before trying a busy request again. */
const BUSY_RETRY_AFTER = '5';

const isDatabaseBusy = (error: unknown): boolean =>
  (error instanceof QueryFailedError &&
    BUSY_CODES.has(String((error.driverError as { code?: unknown }).code))) ||
  (error instanceof Error && error.message.includes(POOL_WAIT_EXCEEDED));

const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as BodyParserError).status === 'number' &&
  (error as BodyParserError).expose === true;

/** Maps every error to `{ statusCode, error, message, details? }`; unexpected ones become a bare 500. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    // A route that answers a file (a CSV) has set its type and attachment name already.
    response.removeHeader('Content-Disposition');
    if (body.statusCode === 503 && isDatabaseBusy(exception))
      response.setHeader('Retry-After', BUSY_RETRY_AFTER);
    response.status(body.statusCode).type('application/json').json(body);
  }

  protected toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      return errorBody(exception.httpStatus, exception.message, exception.details, exception.code);
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
      return errorBody(exception.status, bodyParserMessage(exception));
    }
    if (isRefusedValue(exception)) {
      // Logged as an error all the same: validation has a gap to close.
      this.logger.error({ err: exception }, 'Database refused a value from the request');
      return errorBody(400, 'A value in the request cannot be read or stored as its field requires');
    }
    if (isDatabaseBusy(exception)) {
      this.logger.warn({ err: exception }, 'Database busy: answered 503');
      return errorBody(503, 'The service is busy: please try again in a few seconds');
    }
    this.logger.error({ err: exception }, 'Unhandled error');
    return errorBody(500, 'Internal server error');
  }
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return errorBody(status, response);
  const { message, details, code } = response as { message?: unknown; details?: unknown; code?: unknown };
  const text = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
  return errorBody(status, text, details, typeof code === 'string' ? code : undefined);
}

function bodyParserMessage(error: BodyParserError): string {
  if (error.type === 'entity.too.large') {
    return `Request body is too large${error.limit === undefined ? '' : `: this route reads at most ${error.limit} bytes`}`;
  }
  if (error.type === 'entity.parse.failed') return 'Request body is not valid JSON';
  if (error.type === undefined) {
    return `Request body cannot be read as its Content-Type or Content-Encoding says (${error.message})`;
  }
  return error.message;
}
