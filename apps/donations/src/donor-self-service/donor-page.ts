import { escapeHtml, type HtmlPage, htmlPage } from '@crm/platform';
import type { Response } from 'express';
import { pounds } from '../gift-aid/gift-aid-schedule';
import type { DonorRecurringViewDto } from './dto/donor-recurring.dto';

/** The page a donor reaches from a receipt: the gift, a form to change the amount, and a cancel button. */
export function donorPage(
  view: DonorRecurringViewDto,
  token: string,
  orgName: string,
  message?: string,
): HtmlPage {
  const action = `/donor/recurring?token=${encodeURIComponent(token)}`;
  const amount = `${pounds(view.amount)} ${view.currency.toUpperCase()}`;
  const active = view.status !== 'cancelled';
  const forms = active
    ? `<form method="post" action="${escapeHtml(action)}">
  <input type="hidden" name="action" value="change-amount">
  <label>New monthly amount (pence) <input name="amount" type="number" min="1" required></label>
  <button type="submit">Change amount</button>
</form>
<form method="post" action="${escapeHtml(action)}">
  <input type="hidden" name="action" value="cancel">
  <button type="submit">Cancel my monthly gift</button>
</form>`
    : '<p>This monthly gift is cancelled. Thank you for your support.</p>';
  return htmlPage(
    200,
    'Your monthly gift',
    `${message ? `<p role="status">${escapeHtml(message)}</p>` : ''}
<p>${escapeHtml(amount)} a month, ${escapeHtml(view.status.replace('_', ' '))}.</p>
${forms}`,
    orgName,
  );
}

/** What a donor's browser shows when the link or the change did not work, with the reason. */
export const donorErrorPage = (status: number, message: string, orgName: string): HtmlPage =>
  htmlPage(
    status,
    status >= 500 ? 'Please try again later' : 'We could not do that',
    `<p>${escapeHtml(message)}</p>
<p>${status < 500 ? 'Nothing about your monthly gift has changed. ' : ''}If you need help, reply to your receipt email.</p>`,
    orgName,
  );

/** Answers to a donor's link are never cached, as its address carries the donor's token. */
export const notCached = (response: Response): Response => response.setHeader('Cache-Control', 'no-store');

/** Sends a donor page (never cached). */
export function sendDonorPage(response: Response, page: HtmlPage): void {
  notCached(response).status(page.status).type('html').send(page.html);
}
