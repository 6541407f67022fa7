import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Observable, finalize } from 'rxjs';
import { MetricsRegistry } from './metrics.registry';

/** Times every request, labelled by route pattern (never by raw URL, which may hold tokens). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsRegistry) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const stop = this.metrics.httpDuration.startTimer();
    return next.handle().pipe(
      finalize(() =>
        stop({
          method: request.method,
          route: (request.route as { path?: string } | undefined)?.path ?? 'unknown',
          status: String(response.statusCode),
        }),
      ),
    );
  }
}
