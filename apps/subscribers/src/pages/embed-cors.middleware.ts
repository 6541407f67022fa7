import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';

const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for the embeddable sign-up: a script on the organisation's website (EMBED_ORIGINS) may post
 * JSON to `POST /subscribe` and read the answer; no other origin gets the headers, and no
 * credentials are ever allowed (the route needs none).
 */
@Injectable()
export class EmbedCorsMiddleware implements NestMiddleware {
  private readonly origins: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: SubscribersConfig) {
    this.origins = new Set(config.EMBED_ORIGINS);
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const origin = request.headers.origin;
    response.vary('Origin');
    if (origin === undefined || !this.origins.has(origin)) {
      next();
      return;
    }
    response.setHeader('Access-Control-Allow-Origin', origin);
    if (request.method !== 'OPTIONS') {
      next();
      return;
    }
    response.setHeader('Access-Control-Allow-Methods', 'POST');
    response.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    response.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
    response.status(204).end();
  }
}
