import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/** What a route reads when it declares nothing else: JSON, and HTML forms posting to it. */
const DEFAULT_BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * Refuses, with 415, a body of a type the route does not read: the body parsers pass such a body
 * over, so a PATCH sent as `text/plain` reached its route as `{}` and answered 200 while changing
 * nothing. A route reading other types says so with `@ApiConsumes` (uploads, one-click
 * unsubscribe), which also documents them.
 */
@Injectable()
export class ReadableBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (context.getType() === 'http' && hasBody(request)) {
      const readable =
        this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [
          context.getHandler(),
          context.getClass(),
        ]) ?? DEFAULT_BODY_TYPES;
      if (!request.is(readable)) {
        throw new UnsupportedMediaTypeException(
          `Content-Type must be ${readable.join(' or ')} (was ${request.headers['content-type'] ?? 'missing'})`,
        );
      }
    }
    return next.handle();
  }
}
