import { type Brand, escapeHtml, type PublicPage, publicPage } from '@crm/platform';
import type { TopicChoice } from '../topics/topics.queries';
import type { PreferencesErrors } from './preferences-form';
import type { PreferencesPerson } from './preferences.queries';

export type PreferencesNotice = 'saved' | 'unsubscribed' | null;

export interface PreferencesPageInput {
  token: string;
  person: PreferencesPerson;
  topics: readonly TopicChoice[];
  notice?: PreferencesNotice;
  errors?: PreferencesErrors;
  /** The names typed when the form comes back with errors. */
  typed?: { firstName: string; lastName: string };
}

const NOTICES: Record<Exclude<PreferencesNotice, null>, string> = {
  saved: '<strong>Your choices are saved.</strong> Thank you for keeping them up to date.',
  unsubscribed:
    '<strong>You are unsubscribed from everything.</strong> We will not send you any more marketing emails. You can tick a topic below at any time if you change your mind.',
};

const errorText = (field: keyof PreferencesErrors, errors: PreferencesErrors): string =>
  errors[field]
    ? `<span class="error" id="${field}-error"><span class="visually-hidden">Error:</span> ${escapeHtml(errors[field])}</span>`
    : '';

const invalid = (field: keyof PreferencesErrors, errors: PreferencesErrors): string =>
  errors[field] ? ` aria-invalid="true" aria-describedby="${field}-error"` : '';

function nameField(
  field: 'firstName' | 'lastName',
  label: string,
  autocomplete: string,
  value: string,
  errors: PreferencesErrors,
): string {
  return `<div class="${errors[field] ? 'invalid' : ''}">
<label for="${field}">${label}</label>${errorText(field, errors)}
<input type="text" id="${field}" name="${field}" autocomplete="${autocomplete}" maxlength="200" value="${escapeHtml(value)}"${invalid(field, errors)}>
</div>`;
}

function topicBox(topic: TopicChoice): string {
  const id = `topic-${topic.id}`;
  const hint = topic.description ? `<span class="hint">${escapeHtml(topic.description)}</span>` : '';
  return `<label class="check" for="${id}"><input type="checkbox" id="${id}" name="topic" value="${topic.id}"${topic.subscribed ? ' checked' : ''}>
<span><strong>${escapeHtml(topic.name)}</strong>${hint}</span></label>`;
}

/** The note for someone whose email subscription is not active: ticking a topic alone sends nothing. */
const notSubscribedNote = (person: PreferencesPerson): string =>
  person.status === 'subscribed'
    ? ''
    : `<p class="notes">You are not signed up for our emails at the moment, so we only email you about the topics below if you have given to us and have not asked us to stop. <a href="/subscribe">Sign up for our emails</a>.</p>\n`;

/** The preference centre: works without JavaScript; two forms, each posting back to this page. */
export function preferencesPage(input: PreferencesPageInput, brand: Brand): PublicPage {
  const errors = input.errors ?? {};
  const action = `?token=${escapeHtml(encodeURIComponent(input.token))}`;
  const firstName = input.typed?.firstName ?? input.person.first_name ?? '';
  const lastName = input.typed?.lastName ?? input.person.last_name ?? '';
  const summary = Object.keys(errors).length
    ? `<div class="summary" role="alert"><h2>There is a problem</h2><ul>${(['firstName', 'lastName'] as const)
        .filter((field) => errors[field])
        .map((field) => `<li><a href="#${field}">${escapeHtml(errors[field]!)}</a></li>`)
        .join('')}</ul></div>\n`
    : '';
  const notice = input.notice
    ? `<div class="panel" role="status"><p>${NOTICES[input.notice]}</p></div>\n`
    : '';
  const body = `${notice}${summary}<form method="post" action="${action}" novalidate>
<input type="hidden" name="action" value="save">
<fieldset><legend>What we email you about</legend>
<span class="hint">Tick the topics you want to hear about. Untick one to stop emails about it.</span>
${notSubscribedNote(input.person)}${input.topics.map(topicBox).join('\n')}
</fieldset>
<fieldset><legend>Your name</legend>
<span class="hint">How we greet you in our emails.</span>
${nameField('firstName', 'First name', 'given-name', firstName, errors)}
${nameField('lastName', 'Last name', 'family-name', lastName, errors)}
</fieldset>
<button type="submit">Save my choices</button>
</form>
<form method="post" action="${action}">
<input type="hidden" name="action" value="unsubscribe-all">
<fieldset><legend>Stop all our emails</legend>
<p>You will get no more newsletters, appeals or other marketing emails from us. We may still email you about a gift you make, such as a receipt.</p>
<button type="submit">Unsubscribe from everything</button>
</fieldset>
</form>`;
  return publicPage(
    { status: Object.keys(errors).length ? 400 : 200, title: 'Your email preferences', body },
    brand,
  );
}

/** A link that was cut short, altered, or is too old: nothing changes. */
export function preferencesLinkRefusedPage(reason: 'invalid' | 'expired' | 'gone', brand: Brand): PublicPage {
  const body =
    reason === 'expired'
      ? '<p>For your security, links to your preferences stop working after a while. Please use the link in one of our recent emails. The unsubscribe link in any of our emails always works.</p>'
      : reason === 'gone'
        ? '<p>We no longer hold a record for this link. Nothing has changed.</p>'
        : '<p>The link may have been cut short when it was copied. Nothing has changed. Please use the link from one of our emails.</p>';
  return publicPage(
    {
      status: reason === 'gone' ? 404 : reason === 'expired' ? 410 : 400,
      title: reason === 'expired' ? 'This link has expired' : 'This link is not valid',
      body,
    },
    brand,
  );
}

/** The preferences link of a test send or a preview: it belongs to nobody. */
export const testSendPreferencesPage = (brand: Brand): PublicPage =>
  publicPage(
    {
      status: 200,
      title: 'This is a test email',
      body: '<p>In the campaign itself this link opens its reader’s email preferences. In a test email it belongs to nobody.</p>',
    },
    brand,
  );
