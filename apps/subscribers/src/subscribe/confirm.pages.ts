import { type HtmlPage, htmlPage } from '@crm/platform';
import type { ConfirmOutcome } from './subscribe.service';

export function confirmPage(outcome: ConfirmOutcome, orgName: string): HtmlPage {
  switch (outcome) {
    case 'confirmed':
      return htmlPage(
        200,
        'You are subscribed',
        '<p>Thank you for confirming. Our emails will start arriving soon.</p>',
        orgName,
      );
    case 'already-confirmed':
      return htmlPage(
        200,
        'You are subscribed',
        '<p>Your subscription was already confirmed. Nothing more to do.</p>',
        orgName,
      );
    case 'invalid':
      return htmlPage(
        400,
        'This link has expired or is not valid',
        '<p>Confirmation links work for 7 days. Nothing has changed. To subscribe, please sign up again.</p>',
        orgName,
      );
  }
}
