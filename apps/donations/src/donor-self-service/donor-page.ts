import { escapeHtml, type HtmlPage, htmlPage } from '@crm/platform';
import type { Response } from 'express';
import { pounds } from '../gift-aid/gift-aid-schedule';
import type { DonorOutcome } from './donor-self-service.service';
import type { DonorRecurringViewDto } from './dto/donor-recurring.dto';

const formatAmount = (amount: number, currency: string): string =>
  `${pounds(amount)} ${currency.toUpperCase()}`;

/**
 * The page a donor reaches from a link. From a receipt: the gift, a form to change the amount
 * (a higher one is confirmed by email first) and a cancel button. From the emailed confirmation:
 * a button that makes the raise. After a change: what was done, and no forms, as the link used
 * no longer works (the confirmation email brings a new one).
 */
export function donorPage(
  view: DonorRecurringViewDto,
  token: string,
  orgName: string,
  outcome?: DonorOutcome,
): HtmlPage {
  const action = escapeHtml(`/donor/recurring?token=${encodeURIComponent(token)}`);
  const amount = formatAmount(view.amount, view.currency);
  const summary = `<p>${escapeHtml(amount)} a month, ${escapeHtml(view.status.replace('_', ' '))}.</p>`;
  if (outcome && outcome !== 'increase-requested') {
    return htmlPage(
      200,
      'Your monthly gift',
      `<p role="status">${escapeHtml(OUTCOME_MESSAGES[outcome])}</p>
${summary}
<p>We have emailed you to confirm this change${outcome === 'cancelled' ? '' : ', with a new link for any further changes (links in earlier emails no longer work)'}.</p>`,
      orgName,
    );
  }
  if (view.confirmIncreaseTo !== undefined) {
    const raised = escapeHtml(formatAmount(view.confirmIncreaseTo, view.currency));
    const body =
      view.status === 'cancelled'
        ? '<p>This monthly gift is cancelled, so it cannot be raised.</p>'
        : `<p>You asked to raise your monthly gift from ${escapeHtml(amount)} to <strong>${raised}</strong>.</p>
<form method="post" action="${action}">
  <input type="hidden" name="action" value="confirm-increase">
  <button type="submit">Confirm ${raised} a month</button>
</form>`;
    return htmlPage(200, 'Confirm your new monthly gift', body, orgName);
  }
  const forms =
    view.status !== 'cancelled'
      ? `<form method="post" action="${action}">
  <input type="hidden" name="action" value="change-amount">
  <label>New monthly amount (pence) <input name="amount" type="number" min="1" required></label>
  <button type="submit">Change amount</button>
  <p>A lower amount takes effect at once. For a higher one we email you a link to confirm it first.</p>
</form>
<form method="post" action="${action}">
  <input type="hidden" name="action" value="cancel">
  <button type="submit">Cancel my monthly gift</button>
</form>`
      : '<p>This monthly gift is cancelled. Thank you for your support.</p>';
  const requested =
    outcome === 'increase-requested' ? `<p role="status">${escapeHtml(OUTCOME_MESSAGES[outcome])}</p>\n` : '';
  return htmlPage(200, 'Your monthly gift', `${requested}${summary}\n${forms}`, orgName);
}

const OUTCOME_MESSAGES: Record<DonorOutcome, string> = {
  cancelled: 'Your monthly gift is cancelled.',
  decreased: 'Your monthly amount is lowered.',
  increased: 'Your monthly amount is raised. Thank you!',
  'increase-requested':
    'We have emailed you a link to confirm the higher amount. Nothing changes until you use it (it works for 48 hours).',
};

/** What a donor's browser shows when the link or the change did not work, with the reason. */
export const donorErrorPage = (status: number, message: string, orgName: string): HtmlPage =>
  htmlPage(
    status,
    status >= 500 ? 'Please try again later' : 'We could not do that',
    `<p>${escapeHtml(message)}</p>
<p>${status < 500 ? 'Nothing about your monthly gift has changed. ' : ''}If you need help, reply to your receipt email.</p>`,
    orgName,
  );

/** Sends a donor page; its route is `@NeverCached()`, as the page's address carries the donor's token. */
export function sendDonorPage(response: Response, page: HtmlPage): void {
  response.status(page.status).type('html').send(page.html);
}
