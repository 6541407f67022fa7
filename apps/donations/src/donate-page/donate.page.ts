import { type Brand, escapeHtml, type PublicPage, publicPage } from '@crm/platform';
import { formatMoney } from '@crm/values';
import { coveredFee, type FeeFormula } from '../checkout/fees';
import { chosenPence, type DonateChoices, type DonateField, PRESET_POUNDS } from './donate-choices';
import { DONATE_SCRIPT } from './donate.script';
import type { DonateErrors } from './donate-validation';
import { giftAidWording, marketingWording, SOFT_OPT_OUT_LABEL, softOptInWording } from './gift-aid-wording';

export interface DonatePageSettings {
  brand: Brand;
  currency: string;
  fees: FeeFormula;
  giftAidWordingVersion: string;
  /** SOFT_OPT_IN: show the charity soft opt-in notice and its opt-out box. */
  softOptIn: boolean;
  /** Where the form may go: this app and Stripe Checkout. */
  formTargets: readonly string[];
  frameAncestors: readonly string[];
}

const FIELD_ORDER: DonateField[] = [
  'amount',
  'frequency',
  'title',
  'firstName',
  'lastName',
  'email',
  'houseNameOrNumber',
  'postcode',
  'campaign',
];

/** Where an error in the summary takes the donor (a radio group's first button). */
const anchorOf = (field: DonateField): string =>
  field === 'amount' ? 'amount-10' : field === 'frequency' ? 'frequency-one_off' : field;

const attr = (value: string): string => `"${escapeHtml(value)}"`;
const checked = (on: boolean): string => (on ? ' checked' : '');

function errorText(field: DonateField, errors: DonateErrors): string {
  const message = errors[field];
  return message
    ? `<span class="error" id="${field}-error"><span class="visually-hidden">Error:</span> ${escapeHtml(message)}</span>`
    : '';
}

function textField(
  field: DonateField,
  label: string,
  value: string,
  errors: DonateErrors,
  options: {
    type?: string;
    autocomplete: string;
    hint?: string;
    short?: boolean;
    /** Labelled "(optional)"; otherwise `required` says whether the browser must ask for it. */
    optional?: boolean;
    required?: boolean;
  },
): string {
  const hintId = options.hint ? `${field}-hint` : '';
  const described = [hintId, errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
  return `<div class="${errors[field] ? 'invalid' : ''}">
<label for="${field}">${escapeHtml(label)}${options.optional ? ' <span class="hint inline">(optional)</span>' : ''}</label>
${options.hint ? `<span class="hint" id="${hintId}">${escapeHtml(options.hint)}</span>` : ''}${errorText(field, errors)}
<input type="${options.type ?? 'text'}" id="${field}" name="${field}" value=${attr(value)} autocomplete="${options.autocomplete}"${options.short ? ' class="short"' : ''}${described ? ` aria-describedby="${described}"` : ''}${errors[field] ? ' aria-invalid="true"' : ''}${(options.required ?? !options.optional) ? ' required' : ''}>
</div>`;
}

function errorSummary(errors: DonateErrors, problem?: string): string {
  const listed = FIELD_ORDER.filter((field) => errors[field]);
  if (listed.length === 0 && !problem) return '';
  const items = listed
    .map((field) => `<li><a href="#${anchorOf(field)}">${escapeHtml(errors[field]!)}</a></li>`)
    .join('');
  return `<div class="summary" role="alert" tabindex="-1" id="problems">
<h2>${problem ? escapeHtml(problem) : 'There is a problem'}</h2>${items ? `<ul>${items}</ul>` : ''}
</div>`;
}

function amountSection(choices: DonateChoices, errors: DonateErrors, settings: DonatePageSettings): string {
  const money = (pence: number) => escapeHtml(formatMoney(pence, settings.currency));
  const presets = PRESET_POUNDS.map(
    (pounds) =>
      `<label class="choice"><input type="radio" name="amount" id="amount-${pounds}" value="${pounds}"${checked(choices.amount === pounds)}>${money(Number(pounds) * 100)}</label>`,
  ).join('\n');
  const pence = chosenPence(choices) ?? Number(PRESET_POUNDS[1]) * 100;
  const fee = coveredFee(pence, settings.fees);
  const otherDescribed = ['otherAmount-hint', errors.amount ? 'amount-error' : ''].filter(Boolean).join(' ');
  return `<fieldset>
<legend>How often would you like to give?</legend>
<div class="choices">
<label class="choice"><input type="radio" name="frequency" id="frequency-one_off" value="one_off"${checked(choices.frequency === 'one_off')}>Once</label>
<label class="choice"><input type="radio" name="frequency" id="frequency-monthly" value="monthly"${checked(choices.frequency === 'monthly')}>Monthly</label>
</div>
</fieldset>
<fieldset class="${errors.amount ? 'invalid' : ''}"${errors.amount ? ' aria-describedby="amount-error"' : ''}>
<legend>How much would you like to give?</legend>
${errorText('amount', errors)}
<div class="choices">
${presets}
<label class="choice"><input type="radio" name="amount" id="amount-other" value="other"${checked(choices.amount === 'other')}>Other</label>
</div>
<label for="otherAmount">Other amount in pounds</label>
<span class="hint" id="otherAmount-hint">For example 15 or 15.50</span>
<input type="text" id="otherAmount" name="otherAmount" class="short" inputmode="decimal" autocomplete="off" value=${attr(choices.otherAmount)} aria-describedby="${otherDescribed}">
<label class="check"><input type="checkbox" name="coverFees" value="yes"${checked(choices.coverFees)}>
<span>Add <strong data-fee>${money(fee)}</strong> to cover the card fee, so we receive all of your <span data-gift>${money(pence)}</span>.
<span class="hint">Card fees are ${(settings.fees.percentBps / 100).toFixed(1)}% plus ${money(settings.fees.fixed)} a payment.</span></span></label>
</fieldset>`;
}

function detailsSection(choices: DonateChoices, errors: DonateErrors): string {
  return `<fieldset>
<legend>Your details</legend>
${textField('title', 'Title', choices.title, errors, { autocomplete: 'honorific-prefix', short: true, optional: true, hint: 'For example Mr, Ms, Mx or Dr' })}
${textField('firstName', 'First name', choices.firstName, errors, { autocomplete: 'given-name' })}
${textField('lastName', 'Last name', choices.lastName, errors, { autocomplete: 'family-name' })}
${textField('email', 'Email address', choices.email, errors, { type: 'email', autocomplete: 'email', hint: 'We will send your receipt here' })}
</fieldset>`;
}

function giftAidSection(choices: DonateChoices, errors: DonateErrors, settings: DonatePageSettings): string {
  const wording = giftAidWording(settings.giftAidWordingVersion);
  const pence = chosenPence(choices) ?? Number(PRESET_POUNDS[1]) * 100;
  const boost = escapeHtml(formatMoney(Math.floor(pence / 4), settings.currency));
  return `<fieldset>
<legend>Gift Aid: add 25% at no cost to you</legend>
<p>${escapeHtml(wording.intro)}</p>
<p class="panel">With Gift Aid, your <span data-gift>${escapeHtml(formatMoney(pence, settings.currency))}</span> is worth <strong data-gift-aid-total>${escapeHtml(formatMoney(pence + Math.floor(pence / 4), settings.currency))}</strong> to us: an extra <span data-gift-aid>${boost}</span> from HMRC.</p>
<label class="check"><input type="checkbox" name="giftAid" id="giftAid" value="yes"${checked(choices.giftAid)} aria-describedby="giftAid-notes">
<span><strong>Yes, add Gift Aid.</strong> ${escapeHtml(wording.declaration(settings.brand.name))}</span></label>
<div data-gift-aid-address>
<p class="hint">To claim Gift Aid we need your home address. If you ticked the box, please give:</p>
${textField('houseNameOrNumber', 'House name or number', choices.houseNameOrNumber, errors, { autocomplete: 'address-line1', required: choices.giftAid })}
${textField('postcode', 'Postcode', choices.postcode, errors, { autocomplete: 'postal-code', short: true, required: choices.giftAid })}
</div>
<div class="notes" id="giftAid-notes">${wording.notes.map((note) => `<p>${escapeHtml(note)}</p>`).join('')}</div>
</fieldset>`;
}

function keepInTouchSection(choices: DonateChoices, brand: Brand, softOptIn: boolean): string {
  const after = softOptIn
    ? `<p class="notes">${escapeHtml(softOptInWording(brand.name))}</p>
<label class="check"><input type="checkbox" name="noSoftOptIn" value="yes"${checked(choices.noSoftOptIn)}>
<span>${escapeHtml(SOFT_OPT_OUT_LABEL)}</span></label>
<p class="notes">We will never sell or swap your details.</p>`
    : '<p class="notes">We will never sell or swap your details. Leave the box empty and we will only email you about this donation.</p>';
  return `<fieldset>
<legend>Keeping in touch</legend>
<label class="check"><input type="checkbox" name="marketing" value="yes"${checked(choices.marketing)}>
<span>${escapeHtml(marketingWording(brand.name))}</span></label>
${after}
</fieldset>`;
}

/** The hosted donation form, with any errors beside their fields and the donor's choices kept. */
export function donatePage(
  choices: DonateChoices,
  settings: DonatePageSettings,
  errors: DonateErrors = {},
  status = 200,
  problem?: string,
): PublicPage {
  const body = `${errorSummary(errors, problem)}
<form method="post" action="/donate" target="_top" novalidate data-donate
 data-currency=${attr(settings.currency.toUpperCase())} data-bps="${settings.fees.percentBps}" data-fixed="${settings.fees.fixed}">
<input type="hidden" name="campaign" value=${attr(choices.campaign)}>
${amountSection(choices, errors, settings)}
${detailsSection(choices, errors)}
${settings.currency === 'gbp' ? giftAidSection(choices, errors, settings) : ''}
${keepInTouchSection(choices, settings.brand, settings.softOptIn)}
<p class="total" data-summary hidden aria-live="polite"></p>
<button type="submit">Continue to secure payment</button>
<p class="notes">You pay on Stripe's secure page: we never see your card details. Monthly gifts can be changed or cancelled at any time from the link in your receipt.</p>
</form>`;
  return publicPage(
    {
      status,
      title: `Donate to ${settings.brand.name}`,
      lead: 'Your gift keeps our work going. Thank you for your support.',
      body,
      script: DONATE_SCRIPT,
      formTargets: settings.formTargets,
      frameAncestors: settings.frameAncestors,
    },
    settings.brand,
  );
}
