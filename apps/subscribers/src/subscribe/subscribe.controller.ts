import { Public, publicLink } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';
import { requestEvidence } from '../consent/request-evidence';
import { RetryAfterThrottlerGuard, sendPage } from '@crm/platform';
import { HtmlRoute } from '../pages/html-route.decorator';
import { tokenParam } from '../pages/token-param';
import { confirmButtonPage, confirmPage } from './confirm.pages';
import { SubscribeAcceptedDto, SubscribeDto } from './dto/subscribe.dto';
import { SubscribeService } from './subscribe.service';

const ACCEPTED: SubscribeAcceptedDto = {
  status: 'accepted',
  message: 'Thank you. If this address can receive email, a message asking you to confirm is on its way.',
};

@ApiTags('subscribe')
@Public()
@Controller('subscribe')
export class SubscribeController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscribersConfig,
    private readonly subscribe: SubscribeService,
  ) {}

  @Post()
  @HttpCode(202)
  @UseGuards(RetryAfterThrottlerGuard)
  @ApiOperation({
    summary: 'Newsletter sign-up (double opt-in). Same answer whether or not the address is known.',
  })
  @ApiAcceptedResponse({ type: SubscribeAcceptedDto })
  @ApiTooManyRequestsResponse({
    description: 'Too many sign-ups from this IP or for this address; see Retry-After.',
  })
  async signUp(@Body() body: SubscribeDto, @Req() request: Request): Promise<SubscribeAcceptedDto> {
    await this.subscribe.signUp({ ...body, ...requestEvidence(request) });
    return ACCEPTED;
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
            this.config.ORG_NAME,
          )
        : confirmPage(state, this.config.ORG_NAME);
    return sendPage(response, page);
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
    return sendPage(response, confirmPage(outcome, this.config.ORG_NAME));
  }
}
