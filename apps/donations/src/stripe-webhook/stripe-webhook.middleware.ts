import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';
import { StripeInboxService } from './stripe-inbox.service';

const ACKNOWLEDGED = Buffer.from(JSON.stringify({ received: true }));
const ACKNOWLEDGED_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Content-Length': String(ACKNOWLEDGED.length),
};

/**
 * Answers `POST /webhooks/stripe` (StripeWebhookController's route) in Nest's middleware stage,
 * after the app-wide middleware (security headers, body limits and the raw body, metrics), so
 * that a delivery does not pass through the global guard, interceptors and pipes, which cost
 * about a tenth of its CPU and do nothing here: the route is public (the signature is its
 * authentication), has no staff to audit, reads any body type itself (`@ReadsAnyBody`) and takes
 * no validated parameters. An error thrown here goes through the global exception filter as it
 * would from the controller, so every answer keeps its status and shape; the 200 is the same
 * `{"received":true}` without the ETag Express would compute for it.
 */
@Injectable()
export class StripeWebhookMiddleware implements NestMiddleware {
  constructor(private readonly inbox: StripeInboxService) {}

  async use(request: Request & { rawBody?: Buffer }, response: Response): Promise<void> {
    const signature = request.headers['stripe-signature'];
    await this.inbox.deliver(request.rawBody, typeof signature === 'string' ? signature : undefined);
    response.writeHead(200, ACKNOWLEDGED_HEADERS).end(ACKNOWLEDGED);
  }
}
