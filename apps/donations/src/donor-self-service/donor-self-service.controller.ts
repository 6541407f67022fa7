import { Public } from '@crm/auth';
import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { donorPage } from './donor-page';
import { DonorSelfService } from './donor-self-service.service';
import {
  DonorRecurringActionDto,
  DonorRecurringViewDto,
  DonorTokenQueryDto,
} from './dto/donor-recurring.dto';

const MESSAGES = {
  cancel: 'Your monthly gift is cancelled.',
  'change-amount': 'Your monthly amount is changed.',
};

/** Public: the signed token is the donor's only credential. Browsers get a page, API clients JSON. */
@ApiTags('donor self-service')
@Controller('donor/recurring')
export class DonorSelfServiceController {
  constructor(private readonly donors: DonorSelfService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: DonorRecurringViewDto })
  async view(
    @Query() query: DonorTokenQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    respond(request, response, await this.donors.view(query.token), query.token);
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
    respond(request, response, view, query.token, MESSAGES[body.action]);
  }
}

function respond(
  request: Request,
  response: Response,
  view: DonorRecurringViewDto,
  token: string,
  message?: string,
): void {
  response.setHeader('Cache-Control', 'no-store');
  if (request.accepts(['json', 'html']) === 'html') {
    response
      .status(200)
      .type('html')
      .send(donorPage(view, token, message));
  } else {
    response.status(200).json(view);
  }
}
