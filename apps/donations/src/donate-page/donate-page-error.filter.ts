import { APP_CONFIG } from '@crm/config';
import { ApiExceptionFilter, brandOf, escapeHtml, publicPage, sendPublicPage } from '@crm/platform';
import { type ArgumentsHost, Catch, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DonationsConfig } from '../config/donations.config';
import { prefersHtml } from '../donor-self-service/prefers-html';

/** A browser on the donate pages gets a page for an error the routes did not answer themselves (429, 413). */
@Catch()
export class DonatePageErrorFilter extends ApiExceptionFilter {
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
    const body = this.toBody(exception);
    const message =
      body.statusCode === 429
        ? 'Too many donations have been started from your connection in the last minute. Please wait a minute and try again.'
        : body.statusCode >= 500
          ? 'Something went wrong on our side. Nothing has been charged. Please try again in a few minutes.'
          : body.message;
    const page = publicPage(
      {
        status: body.statusCode,
        title: body.statusCode >= 500 ? 'Please try again later' : 'We could not do that',
        body: `<p>${escapeHtml(message)}</p>\n<p><a href="/donate">Back to the donation form</a></p>`,
      },
      brandOf(this.config),
    );
    response.send(sendPublicPage(response, page, false));
  }
}
