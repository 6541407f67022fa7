import { type Brand, escapeHtml, type PublicPage, publicPage } from '@crm/platform';
import { formatMoney } from '@crm/values';
import type { DonationSession } from './donation-session.service';

/** After Stripe: the donor thanked by name for what they gave, or told the payment is still being confirmed. */
export function thanksPage(
  session: DonationSession,
  brand: Brand,
  websiteUrl: string | undefined,
): PublicPage {
  const back = websiteUrl
    ? `<p><a href="${escapeHtml(websiteUrl)}">Back to ${escapeHtml(brand.name)}</a></p>`
    : '';
  if (session.state === 'paid') {
    const money = (minor: number) => escapeHtml(formatMoney(minor, session.currency));
    const per = session.monthly ? ' a month' : '';
    const fee =
      session.feeAmount > 0
        ? `<p>You also covered the card fee of ${money(session.feeAmount)}${per}, so we receive every penny of your gift.</p>`
        : '';
    const giftAid = session.giftAid
      ? `<p>Thanks to your Gift Aid declaration we can claim an extra ${money(Math.floor(session.amount / 4))}${per} from HMRC, at no cost to you.</p>`
      : '';
    const monthly = session.monthly
      ? '<p>Your receipt has a link for changing or cancelling your monthly gift at any time.</p>'
      : '';
    return publicPage(
      {
        status: 200,
        title: session.firstName ? `Thank you, ${session.firstName}!` : 'Thank you!',
        body: `<div class="panel"><p>Your ${session.monthly ? 'monthly gift' : 'gift'} to ${escapeHtml(brand.name)}</p>
<p class="amount">${money(session.amount)}${per}</p></div>
${fee}${giftAid}<p>We have emailed you a receipt.</p>
${monthly}${back}`,
      },
      brand,
    );
  }
  if (session.state === 'pending') {
    return publicPage(
      {
        status: 200,
        title: 'Thank you: your payment is being confirmed',
        body: `<p>Your bank has not confirmed the payment to us yet. This usually takes a few moments, but can take longer for some payment methods.</p>
<p>We will email your receipt as soon as it is confirmed. There is no need to give again.</p>
${back}`,
      },
      brand,
    );
  }
  return publicPage(
    {
      status: 404,
      title: 'We could not find that donation',
      body: `<p>This page shows a donation just after it is made, and the link does not match one. If you have just given, your receipt email is on its way.</p>
<p><a href="/donate">Make a donation</a></p>
${back}`,
    },
    brand,
  );
}
