import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * `/metrics` counts sign-ups, checkouts and staff activity per route, so it is not for everyone.
 * With METRICS_TOKEN set it needs `Authorization: Bearer <METRICS_TOKEN>` (compared in constant
 * time); without one it is open in development and test, and not served in production.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(APP_CONFIG) private readonly config: PlatformConfig) {
    this.expected = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === null) {
      if (this.config.NODE_ENV !== 'production') return true;
      throw new NotFoundException('Metrics are not served: set METRICS_TOKEN to serve them');
    }
    const request = context.switchToHttp().getRequest<Request>();
    const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    // Both sides hashed to the same length, so the comparison takes the same time whatever was sent.
    if (given !== undefined && timingSafeEqual(digest(given), this.expected)) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    throw new UnauthorizedException('Metrics need Authorization: Bearer <METRICS_TOKEN>');
  }
}
