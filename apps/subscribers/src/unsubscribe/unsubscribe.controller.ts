import { Public, TEST_SEND_UNSUBSCRIBE_TOKEN } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { ReadsAnyBody } from '@crm/platform';
import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';
import { requestEvidence } from '../consent/request-evidence';
import { sendPage } from '@crm/platform';
import { HtmlRoute } from '../pages/html-route.decorator';
import { tokenParam } from '../pages/token-param';
import {
  confirmUnsubscribePage,
  invalidLinkPage,
  testSendLinkPage,
  unsubscribedPage,
} from './unsubscribe.pages';
import { UnsubscribeService } from './unsubscribe.service';

/** A one-click body is one short field; anything much bigger is not a mail provider. */
const ONE_CLICK_FORM_LIMITS = { fields: 10, fieldSize: 1024, parts: 10, files: 0 };

@ApiTags('unsubscribe')
@Public()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscribersConfig,
    private readonly unsubscribeService: UnsubscribeService,
  ) {}

  @Get()
  @HtmlRoute()
  @ApiOperation({ summary: 'Shows the unsubscribe button; never unsubscribes by itself.' })
  @ApiQuery({ name: 'token', type: String })
  show(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response): string {
    const token = tokenParam(query);
    if (token === TEST_SEND_UNSUBSCRIBE_TOKEN)
      return sendPage(response, testSendLinkPage(this.config.ORG_NAME));
    const page = this.unsubscribeService.supporterFor(token)
      ? confirmUnsubscribePage(token!, this.config.ORG_NAME)
      : invalidLinkPage(this.config.ORG_NAME);
    return sendPage(response, page);
  }

  @Post()
  @HttpCode(200)
  @HtmlRoute()
  // Mail providers post `List-Unsubscribe=One-Click` form-encoded or as multipart/form-data; any
  // other body (a script's bare fetch sends text/plain) is honoured too: the token is the request.
  @ReadsAnyBody()
  @UseInterceptors(NoFilesInterceptor({ limits: ONE_CLICK_FORM_LIMITS }))
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @ApiOperation({ summary: 'RFC 8058 one-click unsubscribe: answers 200, never a redirect.' })
  @ApiQuery({ name: 'token', type: String })
  async unsubscribe(
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = tokenParam(query);
    if (token === TEST_SEND_UNSUBSCRIBE_TOKEN)
      return sendPage(response, testSendLinkPage(this.config.ORG_NAME));
    const supporterId = this.unsubscribeService.supporterFor(token);
    if (!supporterId) return sendPage(response, invalidLinkPage(this.config.ORG_NAME));
    await this.unsubscribeService.unsubscribe(supporterId, requestEvidence(request));
    return sendPage(response, unsubscribedPage(this.config.ORG_NAME));
  }
}
