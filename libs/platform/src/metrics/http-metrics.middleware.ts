import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { routeTemplate } from '../http/route-template';
import { MetricsRegistry } from './metrics.registry';

/**
 * Times every request once its response is sent, labelled by route pattern (never by raw URL,
 * which may hold tokens) and by the status actually sent: an error answered by the exception
 * filter, or a 401/403 from a guard, counts under its own status, not the route's success status.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsRegistry) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    response.once('finish', () =>
      stop({
        method: request.method,
        route: routeTemplate(request),
        status: String(response.statusCode),
      }),
    );
    next();
  }
}
