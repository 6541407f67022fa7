import { APP_CONFIG } from '@crm/config';
import { ApiExceptionFilter } from '@crm/platform';
import { type ArgumentsHost, Catch, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DonationsConfig } from '../config/donations.config';
import { prefersHtml } from './prefers-html';
import { donorErrorPage } from './donor-page';

/**
 * Errors of the donor pages: a donor's browser (a receipt link, the page's own forms) gets a page
 * saying what went wrong instead of the JSON error body, which API clients still get.
 */
@Catch()
export class DonorPageErrorFilter extends ApiExceptionFilter {
  constructor(@Inject(APP_CONFIG) private readonly config: DonationsConfig) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (!prefersHtml(request) || response.headersSent) {
      super.catch(exception, host);
      return;
    }
    const { statusCode, message } = this.toBody(exception);
    const page = donorErrorPage(statusCode, message, this.config.ORG_NAME);
    response.status(page.status).setHeader('Cache-Control', 'no-store');
    response.type('html').send(page.html);
  }
}
