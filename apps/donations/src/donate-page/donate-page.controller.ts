import { randomUUID } from 'node:crypto';
import { Public } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import {
  brandOf,
  InvalidFieldsError,
  NeverCached,
  postedFromAllowedOrigin,
  RetryAfterThrottlerGuard,
  sendPublicPage,
} from '@crm/platform';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CheckoutService } from '../checkout/checkout.service';
import type { DonationsConfig } from '../config/donations.config';
import { PaymentProviderError } from '../stripe/stripe-errors';
import {
  choicesFromForm,
  choicesFromQuery,
  choicesQuery,
  chosenPence,
  type DonateChoices,
} from './donate-choices';
import { DonatePageErrorFilter } from './donate-page-error.filter';
import { donatePage, type DonatePageSettings } from './donate.page';
import { checkoutRequestOf, type DonateErrors, donateErrors, formErrors } from './donate-validation';
import { DonationSessionService } from './donation-session.service';
import { MARKETING_WORDING_VERSION } from './gift-aid-wording';
import { thanksPage } from './thanks.page';

const STRIPE_CHECKOUT = 'https://checkout.stripe.com';

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/**
 * The hosted donation form (DESIGN §3): server-rendered, works without JavaScript, and posts to
 * this app, which starts the Stripe Checkout and answers 303 to it.
 */
@ApiTags('donate page')
@Public()
@Controller('donate')
@UseFilters(DonatePageErrorFilter)
export class DonatePageController {
  private readonly settings: DonatePageSettings;
  private readonly formOrigins: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly checkout: CheckoutService,
    private readonly sessions: DonationSessionService,
  ) {
    this.settings = {
      brand: brandOf(config),
      currency: config.BASE_CURRENCY,
      fees: { percentBps: config.DONATION_FEE_PERCENT_BPS, fixed: config.DONATION_FEE_FIXED },
      giftAidWordingVersion: config.GIFT_AID_WORDING_VERSION,
      formTargets: [STRIPE_CHECKOUT],
      frameAncestors: config.EMBED_ORIGINS,
    };
    this.formOrigins = new Set([new URL(config.DONATIONS_PUBLIC_URL).origin, ...config.EMBED_ORIGINS]);
  }

  @Get()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The donation form; ?amount= (pounds), ?frequency= and ?campaign= preselect it' })
  @ApiQuery({ name: 'amount', required: false, type: String })
  @ApiQuery({ name: 'frequency', required: false, enum: ['one_off', 'monthly'] })
  @ApiQuery({ name: 'campaign', required: false, type: String })
  show(@Query() query: unknown, @Res() response: Response): void {
    this.send(response, donatePage(choicesFromQuery(asRecord(query)), this.settings));
  }

  @Post()
  @HttpCode(303)
  @UseGuards(RetryAfterThrottlerGuard)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'The form posted: 303 to Stripe Checkout, or the form again with its errors (400)',
  })
  @ApiBody({ schema: { type: 'object', additionalProperties: { type: 'string' } } })
  @ApiResponse({ status: 303, description: 'To the Stripe Checkout page' })
  @ApiTooManyRequestsResponse({ description: 'Too many checkouts from this address; see Retry-After' })
  async donate(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const choices = choicesFromForm(asRecord(body));
    if (!postedFromAllowedOrigin(request, this.formOrigins)) {
      const problem = 'This form was sent from another website. Please give from our own donation page.';
      this.send(response, donatePage(choices, this.settings, {}, 403, problem));
      return;
    }
    const errors = donateErrors(choices, this.config);
    if (Object.keys(errors).length > 0) return this.refuse(response, choices, errors);
    const cancelUrl = `${this.config.DONATIONS_PUBLIC_URL.replace(/\/+$/, '')}/donate?${choicesQuery(choices, chosenPence(choices)!)}`;
    const { request: checkout, errors: apiErrors } = checkoutRequestOf(choices, cancelUrl);
    if (Object.keys(apiErrors).length > 0) return this.refuse(response, choices, apiErrors);
    // The donor's answer travels with the paid session, as evidence for whoever records consent.
    const marketing: Record<string, string> = choices.marketing
      ? { marketing_consent: 'yes', marketing_wording: MARKETING_WORDING_VERSION }
      : {};
    try {
      const session = await this.checkout.startCheckout(checkout, `donate-${randomUUID()}`, marketing);
      response.redirect(303, session.url);
    } catch (error) {
      if (error instanceof InvalidFieldsError)
        return this.refuse(response, choices, formErrors(error.details as []));
      if (error instanceof PaymentProviderError) {
        const problem =
          'We cannot take payments just now. Nothing has been charged: please try again in a few minutes.';
        this.send(response, donatePage(choices, this.settings, {}, error.httpStatus, problem));
        return;
      }
      throw error;
    }
  }

  @Get('thanks')
  @NeverCached()
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'Where Stripe returns a donor: thanks by name with the gift, or "being confirmed"',
  })
  @ApiQuery({ name: 'session_id', required: true, type: String })
  async thanks(@Query() query: unknown, @Res() response: Response): Promise<void> {
    const id = asRecord(query).session_id;
    const session = await this.sessions.read(typeof id === 'string' ? id : null);
    const page = thanksPage(session, this.settings.brand, this.config.EMBED_ORIGINS[0]);
    response.send(sendPublicPage(response, page, false));
  }

  private refuse(response: Response, choices: DonateChoices, errors: DonateErrors): void {
    this.send(response, donatePage(choices, this.settings, errors, 400));
  }

  private send(response: Response, page: ReturnType<typeof donatePage>): void {
    response.send(sendPublicPage(response, page, this.config.EMBED_ORIGINS.length > 0));
  }
}
