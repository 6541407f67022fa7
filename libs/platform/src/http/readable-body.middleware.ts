import { type NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** The body types some route reads: JSON everywhere, forms for one-click unsubscribe and donor pages, uploads. */
const READABLE_TYPES = ['json', '+json', 'urlencoded', 'multipart'];

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * Refuses a body no route can read (`text/plain`, no Content-Type at all) with 415. The body
 * parsers pass such a body over, so a PATCH sent that way reached its route as `{}` and answered
 * 200 while changing nothing.
 */
export class ReadableBodyMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    if (hasBody(request) && !request.is(READABLE_TYPES)) {
      throw new UnsupportedMediaTypeException(
        `Content-Type must be application/json (was ${request.headers['content-type'] ?? 'missing'})`,
      );
    }
    next();
  }
}
