import { Public } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';
import { requestEvidence } from '../consent/request-evidence';
import { sendPage } from '@crm/platform';
import { HtmlRoute } from '../pages/html-route.decorator';
import { tokenParam } from '../pages/token-param';
import { confirmPage } from './confirm.pages';
import { SubscribeAcceptedDto, SubscribeDto } from './dto/subscribe.dto';
import { SignupThrottlerGuard } from './signup-throttle';
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
  @UseGuards(SignupThrottlerGuard)
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
  @ApiOperation({ summary: 'Confirms a sign-up from the link in the confirmation email (HTML page).' })
  @ApiQuery({ name: 'token', type: String })
  async confirm(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = tokenParam(query);
    const { ip, userAgent } = requestEvidence(request);
    const outcome = token ? await this.subscribe.confirm(token, ip, userAgent) : 'invalid';
    return sendPage(response, confirmPage(outcome, this.config.ORG_NAME));
  }
}
