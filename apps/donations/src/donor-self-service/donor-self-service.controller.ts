import { Public } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { DonationsConfig } from '../config/donations.config';
import { donorPage, notCached, sendDonorPage } from './donor-page';
import { DonorPageErrorFilter } from './donor-page-error.filter';
import { DonorSelfService } from './donor-self-service.service';
import {
  DonorRecurringActionDto,
  DonorRecurringViewDto,
  DonorTokenQueryDto,
} from './dto/donor-recurring.dto';
import { prefersHtml } from './prefers-html';

const MESSAGES = {
  cancel: 'Your monthly gift is cancelled.',
  'change-amount': 'Your monthly amount is changed.',
};

/** Public: the signed token is the donor's only credential. Browsers get a page, API clients JSON. */
@ApiTags('donor self-service')
@Controller('donor/recurring')
@UseFilters(DonorPageErrorFilter)
export class DonorSelfServiceController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly donors: DonorSelfService,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: DonorRecurringViewDto })
  async view(
    @Query() query: DonorTokenQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    this.respond(request, response, await this.donors.view(query.token), query.token);
  }

  @Public()
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: DonorRecurringViewDto })
  async act(
    @Query() query: DonorTokenQueryDto,
    @Body() body: DonorRecurringActionDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const view = await this.donors.act(query.token, body);
    this.respond(request, response, view, query.token, MESSAGES[body.action]);
  }

  private respond(
    request: Request,
    response: Response,
    view: DonorRecurringViewDto,
    token: string,
    message?: string,
  ): void {
    if (prefersHtml(request)) {
      sendDonorPage(response, donorPage(view, token, this.config.ORG_NAME, message));
      return;
    }
    notCached(response).status(200).json(view);
  }
}
