import { Public } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { NeverCached } from '@crm/platform';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiGoneResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { DonationsConfig } from '../config/donations.config';
import { donorPage, sendDonorPage } from './donor-page';
import { DonorPageErrorFilter } from './donor-page-error.filter';
import { type DonorAnswer, DonorSelfService } from './donor-self-service.service';
import {
  DonorRecurringActionDto,
  DonorRecurringViewDto,
  DonorTokenQueryDto,
} from './dto/donor-recurring.dto';
import { prefersHtml } from './prefers-html';

/**
 * Public: the signed token is the donor's only credential. Browsers get a page, API clients JSON;
 * neither, nor an error page, is ever cached.
 */
@ApiTags('donor self-service')
@Controller('donor/recurring')
@UseFilters(DonorPageErrorFilter)
export class DonorSelfServiceController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly donors: DonorSelfService,
  ) {}

  @Public()
  @NeverCached()
  @Get()
  @ApiOkResponse({ type: DonorRecurringViewDto })
  @ApiGoneResponse({ description: 'The link has expired, was replaced by a change, or was revoked' })
  async view(
    @Query() query: DonorTokenQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    this.respond(request, response, await this.donors.view(query.token), query.token);
  }

  @Public()
  @NeverCached()
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: DonorRecurringViewDto, description: 'Changed; the donor is emailed a confirmation' })
  @ApiAcceptedResponse({
    type: DonorRecurringViewDto,
    description: 'A higher amount was asked for: the donor is emailed a link to confirm it',
  })
  @ApiGoneResponse({ description: 'The link has expired, was replaced by a change, or was revoked' })
  async act(
    @Query() query: DonorTokenQueryDto,
    @Body() body: DonorRecurringActionDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    this.respond(request, response, await this.donors.act(query.token, body), query.token);
  }

  private respond(request: Request, response: Response, answer: DonorAnswer, token: string): void {
    const status = answer.outcome === 'increase-requested' ? 202 : 200;
    if (prefersHtml(request)) {
      const page = donorPage(answer.view, token, this.config.ORG_NAME, answer.outcome);
      sendDonorPage(response, { ...page, status });
      return;
    }
    response.status(status).json(answer.view);
  }
}
