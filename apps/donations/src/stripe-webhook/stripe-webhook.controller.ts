import { Public } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { ReadsAnyBody, TakesLargeBody, TakesRawJson } from '@crm/platform';
import {
  BadRequestException,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Post,
  type RawBodyRequest,
  Req,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { DonationsConfig } from '../config/donations.config';
import { StripeInboxService } from './stripe-inbox.service';
import { InvalidWebhookError, verifyStripeEvent } from './stripe-signature';

/**
 * Raw body → verify → store → enqueue → 200. Every path answers. The body is read as bytes only
 * (`@TakesRawJson`): the signature check parses it once, after checking it.
 */
@ApiTags('stripe webhook')
@Controller('webhooks/stripe')
export class StripeWebhookController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly inbox: StripeInboxService,
  ) {}

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
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (!secret) {
      throw new ServiceUnavailableException('Stripe webhooks are not configured: set STRIPE_WEBHOOK_SECRET');
    }
    let event;
    try {
      event = verifyStripeEvent(request.rawBody, signature, secret);
    } catch (error) {
      if (error instanceof InvalidWebhookError) throw new BadRequestException(error.message);
      throw error;
    }
    await this.inbox.receive(event, request.rawBody!);
    return { received: true };
  }
}
