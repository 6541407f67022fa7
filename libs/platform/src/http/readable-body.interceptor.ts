import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/** What a route reads when it declares nothing else: JSON, and HTML forms posting to it. */
const DEFAULT_BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

const READS_ANY_BODY = 'crm:reads-any-body';

/**
 * A route that answers whatever body comes and judges it itself: the signed webhooks (a body that
 * is not their JSON is a 400 from the signature check, as DESIGN §3 says) and one-click
 * unsubscribe (the token is the request; failing it would keep mailing someone who asked to stop).
 */
export const ReadsAnyBody = (): MethodDecorator => SetMetadata(READS_ANY_BODY, true);

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * Refuses, with 415, a body of a type the route does not read: the body parsers pass such a body
 * over, so a PATCH sent as `text/plain` reached its route as `{}` and answered 200 while changing
 * nothing. A route reading other types says so with `@ApiConsumes` (uploads), which also
 * documents them; one judging any body itself says `@ReadsAnyBody()`.
 */
@Injectable()
export class ReadableBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    if (
      context.getType() === 'http' &&
      hasBody(request) &&
      !this.reflector.getAllAndOverride(READS_ANY_BODY, targets)
    ) {
      const readable =
        this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, targets) ??
        DEFAULT_BODY_TYPES;
      if (!request.is(readable)) {
        throw new UnsupportedMediaTypeException(
          `Content-Type must be ${readable.join(' or ')} (was ${request.headers['content-type'] ?? 'missing'})`,
        );
      }
    }
    return next.handle();
  }
}
