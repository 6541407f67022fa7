import { pounds } from '../gift-aid/gift-aid-schedule';
import type { DonorRecurringViewDto } from './dto/donor-recurring.dto';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The page a donor reaches from a receipt: the gift, a form to change the amount, and a cancel button. */
export function donorPage(view: DonorRecurringViewDto, token: string, message?: string): string {
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
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your monthly gift</title></head>
<body>
<h1>Your monthly gift</h1>
${message ? `<p role="status">${escapeHtml(message)}</p>` : ''}
<p>${escapeHtml(amount)} a month, ${escapeHtml(view.status.replace('_', ' '))}.</p>
${forms}
</body></html>`;
}
