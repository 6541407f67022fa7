import { APP_CONFIG } from '@crm/config';
import { ApiExceptionFilter, type ErrorBody, type FieldError } from '@crm/platform';
import { type ArgumentsHost, Catch, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { DonationsConfig } from '../config/donations.config';
import { prefersHtml } from './prefers-html';
import { donorErrorPage, sendDonorPage } from './donor-page';

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
    const body = this.toBody(exception);
    sendDonorPage(response, donorErrorPage(body.statusCode, donorMessage(body), this.config.ORG_NAME));
  }
}

const LINK_NOT_VALID =
  'This link is not valid. It may have been cut short when it was copied: please use the link in your receipt email.';

const namesToken = (details: unknown): boolean =>
  Array.isArray(details) && (details as FieldError[]).some((detail) => detail.field === 'token');

/**
 * The error in a donor's words: a missing or altered link says so, and our own or Stripe's trouble
 * is not explained with the operator's message (a missing key, say); what the donor typed wrong
 * keeps the validation message, which names the field.
 */
function donorMessage(body: ErrorBody): string {
  if (body.statusCode === 403 || namesToken(body.details)) return LINK_NOT_VALID;
  // Expired, replaced or revoked: the message says a new link comes with the next receipt.
  if (body.statusCode === 410) return body.message;
  if (body.statusCode >= 500) return 'We cannot change monthly gifts online just now.';
  return body.message;
}
