import { Public, TEST_SEND_UNSUBSCRIBE_TOKEN } from '@crm/auth';
import { APP_CONFIG } from '@crm/config';
import { type Brand, brandOf, postedFromAllowedOrigin, type PublicPage, sendPublicPage } from '@crm/platform';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';
import { requestEvidence } from '../consent/request-evidence';
import { HtmlRoute } from '../pages/html-route.decorator';
import { PublicPageErrorFilter } from '../pages/public-page-error.filter';
import { tokenParam } from '../pages/token-param';
import { preferencesErrors, preferencesFromForm } from './preferences-form';
import {
  type PreferencesNotice,
  preferencesLinkRefusedPage,
  preferencesPage,
  testSendPreferencesPage,
} from './preferences.pages';
import { PreferencesService } from './preferences.service';

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

@ApiTags('preferences')
@Public()
@Controller('preferences')
@UseFilters(PublicPageErrorFilter)
export class PreferencesController {
  private readonly brand: Brand;
  private readonly ownOrigin: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) config: SubscribersConfig,
    private readonly preferences: PreferencesService,
  ) {
    this.brand = brandOf(config);
    this.ownOrigin = new Set([new URL(config.PUBLIC_URL).origin]);
  }

  @Get()
  @HtmlRoute()
  @ApiOperation({
    summary: 'The preference centre (signed link in every email): topics, name, unsubscribe from everything.',
  })
  @ApiQuery({ name: 'token', type: String })
  async show(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    return this.send(response, await this.page(tokenParam(query), null));
  }

  @Post()
  @HttpCode(200)
  @HtmlRoute()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary:
      'Saves the preference form (`action=save`: `topic` ids ticked, `firstName`, `lastName`) or unsubscribes from everything (`action=unsubscribe-all`); answers the page again.',
  })
  @ApiQuery({ name: 'token', type: String })
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        action: { type: 'string', enum: ['save', 'unsubscribe-all'] },
        topic: { type: 'array', items: { type: 'string', format: 'uuid' } },
        firstName: { type: 'string' },
        lastName: { type: 'string' },
      },
    },
  })
  async change(
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = tokenParam(query);
    if (token === TEST_SEND_UNSUBSCRIBE_TOKEN)
      return this.send(response, testSendPreferencesPage(this.brand));
    const link = this.preferences.check(token);
    if (!('supporterId' in link))
      return this.send(response, preferencesLinkRefusedPage(link.refused, this.brand));
    if (!postedFromAllowedOrigin(request, this.ownOrigin))
      return this.send(response, preferencesLinkRefusedPage('invalid', this.brand));
    const fields = asRecord(body);
    const evidence = requestEvidence(request);
    if (fields.action === 'unsubscribe-all') {
      const done = await this.preferences.unsubscribeFromEverything(link.supporterId, evidence);
      return this.send(response, done ? await this.page(token, 'unsubscribed') : this.gone());
    }
    const form = preferencesFromForm(fields);
    const errors = preferencesErrors(form);
    if (Object.keys(errors).length > 0) {
      const view = await this.preferences.view(link.supporterId);
      if (!view) return this.send(response, this.gone());
      return this.send(
        response,
        preferencesPage(
          { token: token!, ...view, errors, typed: { firstName: form.firstName, lastName: form.lastName } },
          this.brand,
        ),
      );
    }
    const done = await this.preferences.save(link.supporterId, form, evidence);
    return this.send(response, done ? await this.page(token, 'saved') : this.gone());
  }

  private async page(token: string | null, notice: PreferencesNotice): Promise<PublicPage> {
    if (token === TEST_SEND_UNSUBSCRIBE_TOKEN) return testSendPreferencesPage(this.brand);
    const link = this.preferences.check(token);
    if (!('supporterId' in link)) return preferencesLinkRefusedPage(link.refused, this.brand);
    const view = await this.preferences.view(link.supporterId);
    return view ? preferencesPage({ token: token!, ...view, notice }, this.brand) : this.gone();
  }

  private gone(): PublicPage {
    return preferencesLinkRefusedPage('gone', this.brand);
  }

  private send(response: Response, page: PublicPage): string {
    return sendPublicPage(response, page, false);
  }
}
