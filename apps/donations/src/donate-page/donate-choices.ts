import { DONATION_FREQUENCIES, type DonationFrequency } from '@crm/entities';
import { hasControlCharacters } from '@crm/values';

/** The amounts offered as buttons, in pounds; anything else is typed into "Other amount". */
export const PRESET_POUNDS = ['10', '25', '50', '100'] as const;
export const DEFAULT_PRESET = '25';

/**
 * What the donor chose on the form, as typed: a page with errors shows it back unchanged, and a
 * cancelled checkout returns to it (without the personal parts, which do not go into a URL).
 */
export interface DonateChoices {
  /** A preset (pounds) or `other`. */
  amount: string;
  otherAmount: string;
  frequency: DonationFrequency;
  coverFees: boolean;
  giftAid: boolean;
  title: string;
  firstName: string;
  lastName: string;
  email: string;
  houseNameOrNumber: string;
  postcode: string;
  marketing: boolean;
  /** Took the charity soft opt-in's opt-out. */
  noSoftOptIn: boolean;
  campaign: string;
}

export type DonateField =
  | 'amount'
  | 'frequency'
  | 'title'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'houseNameOrNumber'
  | 'postcode'
  | 'campaign';

const MAX_TEXT = 200;

/** One short line of a form or query value; a repeated parameter or anything else counts as empty. */
const text = (value: unknown, max = MAX_TEXT): string =>
  typeof value === 'string' ? value.slice(0, max).trim() : '';

const ticked = (value: unknown): boolean =>
  typeof value === 'string' && ['on', 'yes', 'true', '1'].includes(value.toLowerCase());

const frequencyOf = (value: unknown): DonationFrequency =>
  DONATION_FREQUENCIES.find((frequency) => frequency === value) ?? 'one_off';

const isPreset = (value: string): boolean => (PRESET_POUNDS as readonly string[]).includes(value);

/** `?amount=25&frequency=monthly&campaign=winter` (amount in pounds, as a person writes it in a link). */
export function choicesFromQuery(query: Record<string, unknown>): DonateChoices {
  const amount = text(query.amount, 20).replace(/^£/, '');
  return {
    amount: amount === '' ? DEFAULT_PRESET : isPreset(amount) ? amount : 'other',
    otherAmount: amount !== '' && !isPreset(amount) ? amount : '',
    frequency: frequencyOf(query.frequency),
    coverFees: ticked(query.coverFees),
    giftAid: ticked(query.giftAid),
    title: '',
    firstName: '',
    lastName: '',
    email: '',
    houseNameOrNumber: '',
    postcode: '',
    marketing: false,
    noSoftOptIn: false,
    campaign: text(query.campaign, 100),
  };
}

/** The posted form (urlencoded, so every value is a string or a repeated-name array). */
export function choicesFromForm(body: Record<string, unknown>): DonateChoices {
  const amount = text(body.amount, 20);
  const otherAmount = text(body.otherAmount, 20);
  return {
    // Without JavaScript a preset stays ticked while the donor types their own amount: typed wins.
    amount: otherAmount !== '' ? 'other' : isPreset(amount) || amount === 'other' ? amount : '',
    otherAmount,
    frequency: frequencyOf(body.frequency),
    coverFees: ticked(body.coverFees),
    giftAid: ticked(body.giftAid),
    title: text(body.title),
    firstName: text(body.firstName),
    lastName: text(body.lastName),
    email: text(body.email, 320),
    houseNameOrNumber: text(body.houseNameOrNumber),
    postcode: text(body.postcode, 20),
    marketing: ticked(body.marketing),
    noSoftOptIn: ticked(body.noSoftOptIn),
    campaign: text(body.campaign, 100),
  };
}

/** `15`, `15.5`, `£1,015.50` as pence; null when it is not an amount of money. */
export function penceOf(pounds: string): number | null {
  const match = /^£?\s*(\d{1,7})(?:\.(\d{1,2}))?$/.exec(pounds.replace(/,/g, '').trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** The gift in pence the choices name (preset or typed), or null when none is readable. */
export const chosenPence = (choices: DonateChoices): number | null =>
  choices.amount === 'other' ? penceOf(choices.otherAmount) : penceOf(choices.amount);

/** A value fit for one line of a name or address. */
export const singleLine = (value: string): boolean => !hasControlCharacters(value);

/** The choices a cancelled checkout returns to the form with: nothing personal goes into the URL. */
export function choicesQuery(choices: DonateChoices, pence: number): string {
  const pounds = pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
  const query = new URLSearchParams({ amount: pounds, frequency: choices.frequency });
  if (choices.coverFees) query.set('coverFees', '1');
  if (choices.giftAid) query.set('giftAid', '1');
  if (choices.campaign) query.set('campaign', choices.campaign);
  return query.toString();
}
