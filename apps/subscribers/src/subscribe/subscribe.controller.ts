import { Public, publicLink } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Options,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiNoContentResponse,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';
import { requestEvidence } from '../consent/request-evidence';
import {
  apiValidationPipe,
  brandOf,
  postedFromAllowedOrigin,
  RetryAfterThrottlerGuard,
  sendPublicPage,
  type PublicPage,
} from '@crm/platform';
import { answerPreflight } from '../pages/embed-cors.middleware';
import { HtmlRoute } from '../pages/html-route.decorator';
import { PublicPageErrorFilter } from '../pages/public-page-error.filter';
import { tokenParam } from '../pages/token-param';
import { confirmButtonPage, confirmPage } from './confirm.pages';
import { SubscribeAcceptedDto, SubscribeDto } from './dto/subscribe.dto';
import { SubscribeService } from './subscribe.service';
import { signupErrors, signupFromForm, signupFromQuery, signupWording } from './signup-form';
import { checkEmailPage, signupPage, type SignupPageSettings } from './signup.pages';

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const ACCEPTED: SubscribeAcceptedDto = {
  status: 'accepted',
  message: 'Thank you. If this address can receive email, a message asking you to confirm is on its way.',
};

@ApiTags('subscribe')
@Public()
@Controller('subscribe')
@UseFilters(PublicPageErrorFilter)
export class SubscribeController {
  private readonly pages: SignupPageSettings;
  private readonly formOrigins: ReadonlySet<string>;
  private readonly embedOrigins: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscribersConfig,
    private readonly subscribe: SubscribeService,
  ) {
    this.pages = { brand: brandOf(config), frameAncestors: config.EMBED_ORIGINS };
    this.formOrigins = new Set([new URL(config.PUBLIC_URL).origin, ...config.EMBED_ORIGINS]);
    this.embedOrigins = new Set(config.EMBED_ORIGINS);
  }

  @Options()
  @HttpCode(204)
  @ApiOperation({
    summary: "CORS preflight: a script on the organisation's website (EMBED_ORIGINS) may post JSON",
  })
  @ApiNoContentResponse({ description: 'Access-Control-Allow-* headers only for EMBED_ORIGINS' })
  preflight(@Req() request: Request, @Res() response: Response): void {
    answerPreflight(request, response, this.embedOrigins);
  }

  @Get()
  @ApiProduces('text/html')
  @ApiOperation({
    summary: 'The sign-up form (the organisation may frame it: EMBED_ORIGINS); ?source= is recorded',
  })
  @ApiQuery({ name: 'source', type: String, required: false })
  showForm(@Query() query: unknown, @Res() response: Response): void {
    this.send(response, signupPage(signupFromQuery(asRecord(query)), this.pages));
  }

  @Get('check-email')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Where a form sign-up lands: "check your email"' })
  checkEmail(@Res() response: Response): void {
    this.send(response, checkEmailPage(this.pages));
  }

  @Post()
  @HttpCode(202)
  @UseGuards(RetryAfterThrottlerGuard)
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: SubscribeDto })
  @ApiOperation({
    summary:
      'Newsletter sign-up (double opt-in). Same answer whether or not the address is known. JSON: 202; a form body: 303 to the "check your email" page, or the form again with its errors (400).',
  })
  @ApiAcceptedResponse({ type: SubscribeAcceptedDto })
  @ApiResponse({ status: 303, description: 'A form sign-up: to /subscribe/check-email' })
  @ApiTooManyRequestsResponse({
    description: 'Too many sign-ups from this IP or for this address; see Retry-After.',
  })
  async signUp(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (request.is('application/x-www-form-urlencoded')) {
      await this.signUpWithForm(asRecord(body), request, response);
      return;
    }
    const valid = (await apiValidationPipe().transform(body ?? {}, {
      type: 'body',
      metatype: SubscribeDto,
    })) as SubscribeDto;
    await this.subscribe.signUp({ ...valid, ...requestEvidence(request) });
    response.status(202).json(ACCEPTED);
  }

  private async signUpWithForm(
    body: Record<string, unknown>,
    request: Request,
    response: Response,
  ): Promise<void> {
    const choices = signupFromForm(body);
    if (!postedFromAllowedOrigin(request, this.formOrigins)) {
      this.send(
        response,
        signupPage(choices, this.pages, { email: 'Please sign up from our own website' }, 403),
      );
      return;
    }
    const errors = signupErrors(choices);
    if (Object.keys(errors).length > 0) {
      this.send(response, signupPage(choices, this.pages, errors, 400));
      return;
    }
    await this.subscribe.signUp({
      email: choices.email,
      ...(choices.name ? { name: choices.name } : {}),
      ...(choices.source ? { source: choices.source } : {}),
      consentText: choices.consentText || signupWording(this.config.ORG_NAME),
      ...requestEvidence(request),
    });
    response.redirect(303, '/subscribe/check-email');
  }

  private send(response: Response, page: PublicPage): void {
    response.send(sendPublicPage(response, page, this.config.EMBED_ORIGINS.length > 0));
  }

  @Get('confirm')
  @HtmlRoute()
  @ApiOperation({
    summary:
      'The page the confirmation email links to: a button that posts the token. Opening it (or HEAD) never confirms.',
  })
  @ApiQuery({ name: 'token', type: String })
  async showConfirm(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = tokenParam(query);
    const state = token ? await this.subscribe.linkState(token) : 'invalid';
    const page =
      state === 'pending'
        ? confirmButtonPage(
            token!,
            publicLink(this.config.PUBLIC_URL, '/subscribe/confirm', {}),
            this.pages.brand,
          )
        : confirmPage(state, this.pages.brand);
    return sendPublicPage(response, page, false);
  }

  @Post('confirm')
  @HttpCode(200)
  @HtmlRoute()
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary:
      'Confirms a sign-up: the button of the confirmation page posts `token` (form body, or query). Idempotent.',
  })
  @ApiQuery({ name: 'token', type: String, required: false })
  @ApiBody({ schema: { type: 'object', properties: { token: { type: 'string' } } }, required: false })
  async confirm(
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const form = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
    const token = 'token' in form ? tokenParam(form as Record<string, unknown>) : tokenParam(query);
    // The consent evidence is the person who pressed the button, not whoever fetched the link.
    const { ip, userAgent } = requestEvidence(request);
    const outcome = token ? await this.subscribe.confirm(token, ip, userAgent) : 'invalid';
    return sendPublicPage(response, confirmPage(outcome, this.pages.brand), false);
  }
}
