import { words } from '../format';
import { SUBSCRIPTION_LABELS } from '../supporters/labels';
import type { FieldInfo } from './schema';

/**
 * Plain words for the fields the schema names technically. A field not listed here is shown by
 * its description from the schema, so a new field still reads sensibly.
 */
const FIELD_LABELS: Record<string, string> = {
  'subscription.status': 'Newsletter subscription',
  'subscription.confirmed_at': 'Newsletter subscription confirmed',
  'supporter.created_at': 'Added to the CRM',
  'supporter.source': 'Came from',
  'supporter.email_domain': 'Email domain',
  tags: 'Tags',
  'donations.total': 'Total given',
  'donations.count': 'Number of gifts',
  'donations.largest': 'Largest gift',
  'donations.first_date': 'First gift',
  'donations.last_date': 'Most recent gift',
  'recurring.status': 'Monthly gift',
  'recurring.amount': 'Monthly gift amount',
  'gift_aid.declared': 'Gift Aid declared',
  'email.opened': 'Opened an email',
  'email.clicked': 'Clicked a link in an email',
  'campaign.received': 'Was sent the email',
  topics: 'Email topics',
};

/** Headings the field menu groups fields under, by the first part of the field's name. */
const SECTIONS: Record<string, string> = {
  supporter: 'About the supporter',
  tags: 'About the supporter',
  address: 'About the supporter',
  subscription: 'Newsletter',
  topics: 'Newsletter',
  donations: 'Giving',
  recurring: 'Giving',
  gift_aid: 'Giving',
  email: 'Emails',
  campaign: 'Emails',
};

const VALUE_LABELS: Record<string, Record<string, string>> = {
  'subscription.status': { ...SUBSCRIPTION_LABELS, none: 'Never subscribed' },
  'recurring.status': {
    active: 'Active',
    past_due: 'Payment failing',
    cancelled: 'Cancelled',
    none: 'Never set up',
  },
};

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The schema's description up to its first comma, semicolon or bracket: the part a person needs. */
const shortDescription = (description: string): string => description.split(/[,;(]/)[0]!.trim();

export function fieldLabel(field: FieldInfo | undefined, name: string): string {
  return (
    FIELD_LABELS[name] ??
    (field?.description ? capital(shortDescription(field.description)) : capital(words(name)))
  );
}

export const fieldSection = (name: string): string => SECTIONS[name.split('.')[0]!] ?? 'Other';

export const valueLabel = (field: string, value: string): string =>
  VALUE_LABELS[field]?.[value] ?? capital(words(value));

/** Fields whose text values are tags: they get suggestions from the tags in use. */
export const isTagField = (name: string): boolean => name === 'tags' || name.endsWith('.tags');

/** Fields that are things a person did (opened, clicked): "did" / "did not" rather than "is known". */
export const isActivityField = (field: FieldInfo): boolean =>
  field.operators.length === 1 && field.operators[0]!.op === 'exists' && field.window;
