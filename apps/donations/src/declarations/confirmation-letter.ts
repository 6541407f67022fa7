import type { GiftAidDeclaration } from '@crm/entities';
import { cancellationWindowEnd, giftAidCoverageText as coverageText, ukDay } from '@crm/values';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The written record of an oral Gift Aid declaration (HMRC's RE1841 sets out what it must say):
 * the donor's name and address, the charity, when the declaration was made and what it covers,
 * the tax the donor must pay, and their right to cancel within 30 days of this being sent, in
 * which case it is treated as never made. A printable page: the browser's print gives the letter.
 * Addressed to the supporter's postal address when known, else to the declaration's house and postcode.
 */
export function confirmationLetterHtml(
  declaration: GiftAidDeclaration,
  orgName: string,
  sentOn: Date,
  postalAddress: readonly string[] | null,
): string {
  const name = [declaration.title, declaration.firstName, declaration.lastName].filter(Boolean).join(' ');
  const org = escapeHtml(orgName);
  const paragraphs = [
    `Dear ${escapeHtml(name)},`,
    `Thank you for telling us on ${ukDay(declaration.declaredAt)} that you want ${org} to claim Gift Aid on ${escapeHtml(coverageText(declaration))}. This letter is our written record of that declaration.`,
    `You confirmed that you are a UK taxpayer and understand that if you pay less Income Tax and/or Capital Gains Tax than the amount of Gift Aid claimed on all your donations in that tax year, it is your responsibility to pay any difference.`,
    `<strong>You have the right to cancel this declaration within 30 days of the date of this letter, that is by ${ukDay(cancellationWindowEnd(sentOn))}.</strong> If you do, it will be treated as if it had never been made and we will not claim Gift Aid on these donations. You can also cancel it at any time afterwards for later donations. To cancel, or if your name or home address changes, or you no longer pay enough tax, please contact us.`,
    `Yours sincerely,<br>${org}`,
  ];
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Gift Aid declaration: written confirmation</title>
<style>body{font:12pt/1.5 Georgia,serif;max-width:40em;margin:2em auto;color:#000}address{font-style:normal;margin-bottom:2em}
@media print{body{margin:0}}</style></head>
<body><main>
<address>${[name, ...(postalAddress ?? [declaration.houseNameOrNumber, declaration.postcode])].map(escapeHtml).join('<br>')}</address>
<p>${ukDay(sentOn)}</p>
<h1 style="font-size:14pt">Your Gift Aid declaration</h1>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
</main></body></html>`;
}
