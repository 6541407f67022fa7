import { DONATION_METHODS, SUBSCRIPTION_STATUSES } from '@crm/entities';
import type { Operator } from './rule';

/** How a field's values are compared; each kind accepts its own operators and value shapes. */
export type FieldKind =
  'status' | 'text' | 'tags' | 'topics' | 'date' | 'amount' | 'count' | 'flag' | 'activity' | 'campaign';

export const KIND_OPERATORS: Record<FieldKind, readonly Operator[]> = {
  status: ['eq', 'neq', 'in'],
  text: ['eq', 'neq', 'in', 'contains', 'exists'],
  tags: ['contains', 'any_of', 'all_of', 'none_of'],
  topics: ['contains', 'any_of', 'all_of', 'none_of'],
  date: ['before', 'after', 'between', 'exists'],
  amount: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'],
  count: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'],
  flag: ['eq'],
  activity: ['exists'],
  campaign: ['eq', 'neq', 'in'],
};

export interface FieldSpec {
  kind: FieldKind;
  description: string;
  /** Allowed values of a `status` field. */
  values?: readonly string[];
  /** Accepts `within` (ISO-8601 duration before now). */
  window?: boolean;
  /** Accepts `campaign` (donations to one campaign only). */
  campaign?: boolean;
}

export const MONTHLY_GIFT_STATUSES = ['active', 'past_due', 'cancelled', 'none'] as const;
export const SUBSCRIPTION_STATES = [...SUBSCRIPTION_STATUSES, 'none'] as const;

const donationAggregate = (kind: FieldKind, description: string): FieldSpec => ({
  kind,
  description,
  window: true,
  campaign: true,
});

export const SEGMENT_FIELDS = {
  'subscription.status': {
    kind: 'status',
    values: SUBSCRIPTION_STATES,
    description: 'Newsletter subscription status; "none" when the supporter never asked to subscribe',
  },
  'subscription.confirmed_at': {
    kind: 'date',
    description: 'When the newsletter subscription was confirmed',
  },
  'supporter.created_at': { kind: 'date', description: 'When the supporter record was created' },
  'supporter.source': {
    kind: 'text',
    description: 'Where the supporter came from (contains: case-insensitive)',
  },
  'supporter.email_domain': { kind: 'text', description: 'Domain of the email address, lower case' },
  'supporter.postcode_area': {
    kind: 'text',
    description: 'Postcode area (the leading letters of a UK postcode, upper case: "SW", "M")',
  },
  'supporter.has_address': { kind: 'flag', description: 'Has a postal address' },
  'supporter.contactable_by_post': {
    kind: 'flag',
    description:
      'Contactable by post (a postal address, not deceased or erased, post not refused by them or by a Fundraising Preference Service request)',
  },
  'supporter.deceased': {
    kind: 'flag',
    description:
      'Deceased (their death is recorded; they are in no audience unless its rule names this field, and never mailable)',
  },
  tags: { kind: 'tags', description: 'Tags on the supporter' },
  topics: {
    kind: 'topics',
    description:
      'Email topics the supporter is on, by topic id (GET /topics): their own choice, else the topic’s default for a confirmed subscriber (Newsletter)',
  },
  'donations.total': donationAggregate(
    'amount',
    'Sum of counted gifts net of refunds, minor units (0 if none)',
  ),
  'donations.count': donationAggregate('count', 'Number of counted gifts (0 if none)'),
  'donations.largest': donationAggregate(
    'amount',
    'Largest counted gift net of refunds, minor units (0 if none)',
  ),
  'donations.method': {
    ...donationAggregate('status', 'Gave by this method (a counted gift); neq: no counted gift by it'),
    values: DONATION_METHODS,
  },
  'donations.first_date': donationAggregate('date', 'Date of the first counted gift'),
  'donations.last_date': donationAggregate('date', 'Date of the most recent counted gift'),
  'recurring.status': {
    kind: 'status',
    values: MONTHLY_GIFT_STATUSES,
    description: 'Has a monthly gift in this status; "none" when no monthly gift was ever set up',
  },
  'recurring.amount': { kind: 'amount', description: 'Sum of active monthly gifts, minor units (0 if none)' },
  'gift_aid.declared': { kind: 'flag', description: 'Has a Gift Aid declaration that is not cancelled' },
  'gift_aid.in_force': {
    kind: 'flag',
    description:
      'Gift Aid declaration in force (one covering their future gifts, not cancelled, and for an oral one its written confirmation sent)',
  },
  'email.opened': { kind: 'activity', window: true, description: 'Opened a campaign email' },
  'email.clicked': { kind: 'activity', window: true, description: 'Clicked a link in a campaign email' },
  'campaign.received': { kind: 'campaign', description: 'Was sent the campaign with this id' },
} as const satisfies Record<string, FieldSpec>;

export type SegmentField = keyof typeof SEGMENT_FIELDS;
export const FIELD_NAMES = Object.keys(SEGMENT_FIELDS) as SegmentField[];

export const isSegmentField = (name: string): name is SegmentField =>
  Object.prototype.hasOwnProperty.call(SEGMENT_FIELDS, name);

export const fieldSpec = (name: SegmentField): FieldSpec => SEGMENT_FIELDS[name];
