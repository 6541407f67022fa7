import { escapeHtml, type HtmlPage, htmlPage } from '@crm/platform';
import type { ConfirmOutcome, LinkState } from './subscribe.service';

/**
 * The page the emailed link opens: a button, not the confirmation itself. Mail scanners fetch
 * every link on delivery; only a person pressing the button posts the token and confirms.
 */
export const confirmButtonPage = (token: string, action: string, orgName: string): HtmlPage =>
  htmlPage(
    200,
    'Confirm your subscription',
    `<p>Press the button to confirm that you want to receive our newsletter.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Yes, subscribe me</button>
</form>`,
    orgName,
  );

/** The page for a link opened (`LinkState`) or its button pressed (`ConfirmOutcome`), but not a pending link. */
export function confirmPage(
  outcome: ConfirmOutcome | Exclude<LinkState, 'pending'>,
  orgName: string,
): HtmlPage {
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
