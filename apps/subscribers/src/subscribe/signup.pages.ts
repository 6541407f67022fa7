import { type Brand, escapeHtml, type PublicPage, publicPage } from '@crm/platform';
import { CONFIRM_BUTTON } from './confirm.pages';
import { type SignupChoices, type SignupErrors, type SignupField, signupWording } from './signup-form';

export interface SignupPageSettings {
  brand: Brand;
  frameAncestors: readonly string[];
}

const ORDER: SignupField[] = ['email', 'name', 'consent'];

const errorText = (field: SignupField, errors: SignupErrors): string =>
  errors[field]
    ? `<span class="error" id="${field}-error"><span class="visually-hidden">Error:</span> ${escapeHtml(errors[field])}</span>`
    : '';

const invalid = (field: SignupField, errors: SignupErrors): string =>
  errors[field] ? ` aria-invalid="true" aria-describedby="${field}-error"` : '';

function summary(errors: SignupErrors): string {
  const listed = ORDER.filter((field) => errors[field]);
  if (listed.length === 0) return '';
  const items = listed
    .map((field) => `<li><a href="#${field}">${escapeHtml(errors[field]!)}</a></li>`)
    .join('');
  return `<div class="summary" role="alert" id="problems"><h2>There is a problem</h2><ul>${items}</ul></div>\n`;
}

/** The newsletter sign-up form (works without JavaScript); errors beside their fields, entries kept. */
export function signupPage(
  choices: SignupChoices,
  settings: SignupPageSettings,
  errors: SignupErrors = {},
  status = 200,
): PublicPage {
  const wording = choices.consentText || signupWording(settings.brand.name);
  const body = `${summary(errors)}<form method="post" action="/subscribe" novalidate>
<input type="hidden" name="source" value="${escapeHtml(choices.source)}">
<div class="${errors.email ? 'invalid' : ''}">
<label for="email">Email address</label>${errorText('email', errors)}
<input type="email" id="email" name="email" autocomplete="email" required value="${escapeHtml(choices.email)}"${invalid('email', errors)}>
</div>
<div class="${errors.name ? 'invalid' : ''}">
<label for="name">Your name <span class="hint inline">(optional)</span></label>${errorText('name', errors)}
<input type="text" id="name" name="name" autocomplete="name" value="${escapeHtml(choices.name)}"${invalid('name', errors)}>
</div>
<div class="${errors.consent ? 'invalid' : ''}">${errorText('consent', errors)}
<label class="check"><input type="checkbox" id="consent" name="consent" value="yes"${choices.consent ? ' checked' : ''}${invalid('consent', errors)}>
<span>${escapeHtml(wording)}</span></label>
</div>
<button type="submit">Sign up</button>
<p class="notes">We will email you a link to confirm. You will not get our news until you press it. We never sell or swap your details.</p>
</form>`;
  return publicPage(
    {
      status,
      title: 'Get our emails',
      lead: `News, campaign updates and ways to help ${settings.brand.name}, straight to your inbox.`,
      body,
      frameAncestors: settings.frameAncestors,
    },
    settings.brand,
  );
}

/** After a form sign-up: the same words whether or not the address was known (no enumeration). */
export const checkEmailPage = (settings: SignupPageSettings): PublicPage =>
  publicPage(
    {
      status: 200,
      title: 'Check your email',
      body: `<div class="panel"><p><strong>Thank you.</strong> If this address can receive email, a message asking you to confirm is on its way.</p></div>
<p>Open it and press <strong>${CONFIRM_BUTTON}</strong>. Until you do, we will not send you anything else.</p>
<p>Nothing there? Look in your spam or junk folder, or <a href="/subscribe">try again</a> in a few minutes.</p>`,
      frameAncestors: settings.frameAncestors,
    },
    settings.brand,
  );
