import { Public } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import {
  brandOf,
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
import type { DonationsConfig } from '../config/donations.config';
import { choicesFromForm, choicesFromQuery } from './donate-choices';
import { DonatePageErrorFilter } from './donate-page-error.filter';
import { donatePage, type DonatePageSettings } from './donate.page';
import { DonatePageService } from './donate-page.service';
import { DonationSessionService } from './donation-session.service';
import { thanksPage } from './thanks.page';

const STRIPE_CHECKOUT = 'https://checkout.stripe.com';
const UNAVAILABLE =
  'We cannot take payments just now. Nothing has been charged: please try again in a few minutes.';

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
    private readonly donatePage: DonatePageService,
    private readonly sessions: DonationSessionService,
  ) {
    this.settings = {
      brand: brandOf(config),
      currency: config.BASE_CURRENCY,
      fees: { percentBps: config.DONATION_FEE_PERCENT_BPS, fixed: config.DONATION_FEE_FIXED },
      giftAidWordingVersion: config.GIFT_AID_WORDING_VERSION,
      softOptIn: config.SOFT_OPT_IN,
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
    const outcome = await this.donatePage.donate(choices);
    switch (outcome.kind) {
      case 'checkout':
        response.redirect(303, outcome.url);
        return;
      case 'invalid':
        this.send(response, donatePage(choices, this.settings, outcome.errors, 400));
        return;
      case 'unavailable':
        this.send(response, donatePage(choices, this.settings, {}, outcome.status, UNAVAILABLE));
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

  private send(response: Response, page: ReturnType<typeof donatePage>): void {
    response.send(sendPublicPage(response, page, this.config.EMBED_ORIGINS.length > 0));
  }
}
