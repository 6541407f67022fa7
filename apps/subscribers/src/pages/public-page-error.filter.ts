import { APP_CONFIG } from '@crm/config';
import { ApiExceptionFilter, brandOf, escapeHtml, publicPage, sendPublicPage } from '@crm/platform';
import { type ArgumentsHost, Catch, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SubscribersConfig } from '../config/subscribers.config';

/**
 * A browser on the sign-up pages gets a page for an error the routes did not answer themselves
 * (too many sign-ups, a body over the limit); API clients keep the JSON error body.
 */
@Catch()
export class PublicPageErrorFilter extends ApiExceptionFilter {
  constructor(@Inject(APP_CONFIG) private readonly config: SubscribersConfig) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (request.accepts(['json', 'html']) !== 'html' || response.headersSent) {
      super.catch(exception, host);
      return;
    }
    const body = this.toBody(exception);
    const message =
      body.statusCode === 429
        ? 'We have had too many sign-ups from your connection or for this address just now. Please try again later.'
        : body.statusCode >= 500
          ? 'Something went wrong on our side. Please try again in a few minutes.'
          : body.message;
    const page = publicPage(
      {
        status: body.statusCode,
        title: body.statusCode >= 500 ? 'Please try again later' : 'We could not do that',
        body: `<p>${escapeHtml(message)}</p>\n<p><a href="/subscribe">Back to the sign-up form</a></p>`,
      },
      brandOf(this.config),
    );
    response.send(sendPublicPage(response, page, false));
  }
}
