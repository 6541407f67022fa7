import { type Brand, escapeHtml, type PublicPage, publicPage } from '@crm/platform';
import type { ConfirmOutcome, LinkState } from './subscribe.service';

/** The button's words; the check-your-email page tells people to press it. */
export const CONFIRM_BUTTON = 'Confirm my subscription';

/**
 * The page the emailed link opens: a button, not the confirmation itself. Mail scanners fetch
 * every link on delivery (some run its scripts too, so nothing presses the button for them); only
 * a person pressing it posts the token and confirms.
 */
export const confirmButtonPage = (token: string, action: string, brand: Brand): PublicPage =>
  publicPage(
    {
      status: 200,
      title: 'Confirm your subscription',
      body: `<p>Press the button to confirm that you want to receive news from ${escapeHtml(brand.name)} by email.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">${CONFIRM_BUTTON}</button>
</form>
<p class="notes">Did not sign up? Close this page: nothing happens unless you press the button.</p>`,
      formTargets: [new URL(action).origin],
    },
    brand,
  );

const page = (status: number, title: string, body: string, brand: Brand): PublicPage =>
  publicPage({ status, title, body }, brand);

/** The page for a link opened (`LinkState`) or its button pressed (`ConfirmOutcome`), but not a pending link. */
export function confirmPage(
  outcome: ConfirmOutcome | Exclude<LinkState, 'pending'>,
  brand: Brand,
): PublicPage {
  switch (outcome) {
    case 'confirmed':
      return page(
        200,
        'You are subscribed',
        '<div class="panel"><p>Thank you for confirming. Our emails will start arriving soon.</p></div>',
        brand,
      );
    case 'already-confirmed':
      return page(
        200,
        'You are subscribed',
        '<p>Your subscription was already confirmed. Nothing more to do.</p>',
        brand,
      );
    case 'invalid':
      return page(
        400,
        'This link has expired or is not valid',
        '<p>Confirmation links work for 7 days. Nothing has changed. To subscribe, please <a href="/subscribe">sign up again</a>.</p>',
        brand,
      );
  }
}
