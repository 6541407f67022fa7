import { Public } from '@crm/auth';
import { ReadsAnyBody, TakesLargeBody, TakesRawJson } from '@crm/platform';
import { Controller, Headers, HttpCode, Post, type RawBodyRequest, Req } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { StripeInboxService } from './stripe-inbox.service';

/**
 * Raw body → verify → store → enqueue → 200. Every path answers. The body is read as bytes only
 * (`@TakesRawJson`): the signature check parses it once, after checking it.
 *
 * The route as Nest knows it (body limit, OpenAPI, the route inventory). Deliveries are answered
 * by StripeWebhookMiddleware, bound to this route, with the same `deliver`: it skips the global
 * guard, interceptors and pipes, which do nothing for this public, signed route (see there).
 */
@ApiTags('stripe webhook')
@Controller('webhooks/stripe')
export class StripeWebhookController {
  constructor(private readonly inbox: StripeInboxService) {}

  @Public()
  @Post()
  @ReadsAnyBody()
  @TakesLargeBody()
  @TakesRawJson()
  @HttpCode(200)
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiOkResponse({ description: 'Stored (or already stored) and queued for processing' })
  async receive(
    @Req() request: RawBodyRequest<Request>,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<{ received: true }> {
    await this.inbox.deliver(request.rawBody, signature);
    return { received: true };
  }
}
