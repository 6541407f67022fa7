import { hasControlCharacters } from '@crm/values';
import { parseEmailAddress } from '../supporters/email-address';

/** The sign-up form as typed, kept to show it again beside its errors. */
export interface SignupChoices {
  email: string;
  name: string;
  consent: boolean;
  source: string;
  /** The wording an embedded form on the organisation's website showed, if it sent it. */
  consentText: string;
}

export type SignupField = 'email' | 'name' | 'consent';
export type SignupErrors = Partial<Record<SignupField, string>>;

const text = (value: unknown, max: number): string =>
  typeof value === 'string' ? value.slice(0, max).trim() : '';

export const signupFromQuery = (query: Record<string, unknown>): SignupChoices => ({
  email: '',
  name: '',
  consent: false,
  source: text(query.source, 100),
  consentText: '',
});

export const signupFromForm = (body: Record<string, unknown>): SignupChoices => ({
  email: text(body.email, 320),
  name: text(body.name, 200),
  consent:
    typeof body.consent === 'string' && ['yes', 'on', 'true', '1'].includes(body.consent.toLowerCase()),
  source: text(body.source, 100),
  consentText: text(body.consentText, 5000),
});

/** Each field's problem in the person's words. */
export function signupErrors(choices: SignupChoices): SignupErrors {
  const errors: SignupErrors = {};
  if (choices.email === '') errors.email = 'Enter your email address';
  else if (!parseEmailAddress(choices.email)) errors.email = 'Enter an email address like name@example.com';
  if (hasControlCharacters(choices.name)) errors.name = 'Enter your name on one line';
  if (!choices.consent) errors.consent = 'Tick the box to say you would like our emails';
  return errors;
}

/** The consent question on the hosted form, recorded in the ledger as the wording the person agreed to. */
export const signupWording = (orgName: string): string =>
  `Yes, please email me news and campaign updates from ${orgName}. I can unsubscribe at any time.`;
