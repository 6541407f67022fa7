import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';

const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** The CORS headers for a caller on the organisation's website; none for any other origin. */
export function allowEmbedOrigin(
  request: Request,
  response: Response,
  origins: ReadonlySet<string>,
): boolean {
  const origin = request.headers.origin;
  response.vary('Origin');
  if (origin === undefined || !origins.has(origin)) return false;
  response.setHeader('Access-Control-Allow-Origin', origin);
  return true;
}

/** The answer to a browser's preflight of `POST /subscribe` (the route's own OPTIONS handler). */
export function answerPreflight(request: Request, response: Response, origins: ReadonlySet<string>): void {
  if (allowEmbedOrigin(request, response, origins)) {
    response.setHeader('Access-Control-Allow-Methods', 'POST');
    response.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    response.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
  }
  response.status(204).end();
}

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

  /** Before the guards, so a 429 or a validation 400 is readable by the website's script too. */
  use(request: Request, response: Response, next: NextFunction): void {
    allowEmbedOrigin(request, response, this.origins);
    next();
  }
}
