import { COUNTED_DONATION_STATUSES, NEWSLETTER_TOPIC_ID } from '@crm/entities';
import { dayAfter } from '@crm/values';
import { durationBefore, parseDuration } from './duration';
import type { SegmentField } from './fields';
import { numberMatches } from './number-test';
import { isAudienceMember } from './audience';
import { RECEIVED_RECIPIENT_STATUSES } from './relations';
import { isAll, isAny, isNot, type SegmentCondition, type SegmentRule } from './rule';
import { resolveDate } from './value-shapes';

/** Everything the rule language can ask about one supporter, held in memory. */
export interface SupporterFacts {
  id: string;
  createdAt: Date;
  source: string | null;
  emailNormalised: string | null;
  tags: string[];
  /** Topic ids chosen; absent: none chosen, so only the default (Newsletter) for a confirmed subscriber. */
  topics?: string[];
  subscription: { status: string; confirmedAt: Date | null } | null;
  donations: {
    amount: number;
    refundedAmount: number;
    status: string;
    campaign: string | null;
    paidAt: Date | null;
    /** `stripe` when not given, as the column's default. */
    method?: string;
  }[];
  monthlyGifts: { status: string; amount: number }[];
  giftAidDeclarations: {
    cancelledAt: Date | null;
    /** Covers the supporter's gifts from now on (scope `supporter_gifts`, future gifts); false when not given. */
    coversFuture?: boolean;
    oralUnconfirmed?: boolean;
  }[];
  emailEvents: { type: string; occurredAt: Date }[];
  campaignsReceived: { campaignId: string; status: string }[];
  /** The supporter record (issue 18); absent means none of it is known. */
  address?: { lines: string[]; postcode: string | null; country: string | null };
  deceased?: boolean;
  merged?: boolean;
  postRefused?: boolean;
}

type FieldTest = (facts: SupporterFacts, condition: SegmentCondition, now: Date) => boolean;

/**
 * A straightforward in-memory reading of a rule tree, written independently of the SQL compiler so
 * the property test can check one against the other.
 */
export function evaluateSegment(rule: SegmentRule, facts: SupporterFacts, now: Date): boolean {
  return isAudienceMember(rule, facts) && matches(rule, facts, now);
}

function matches(rule: SegmentRule, facts: SupporterFacts, now: Date): boolean {
  if (isAll(rule)) return rule.all.every((child) => matches(child, facts, now));
  if (isAny(rule)) return rule.any.some((child) => matches(child, facts, now));
  if (isNot(rule)) return !matches(rule.not, facts, now);
  return FIELD_TESTS[rule.field as SegmentField](facts, rule, now);
}

const hasAddress = (facts: SupporterFacts): boolean => (facts.address?.lines.length ?? 0) > 0;

function postcodeArea(facts: SupporterFacts): string | null {
  if (facts.address?.country !== 'GB' || !facts.address.postcode) return null;
  return /^[A-Z]{1,2}/.exec(facts.address.postcode)?.[0] ?? null;
}

const windowStart = (condition: SegmentCondition, now: Date): Date | null => {
  const duration = condition.within ? parseDuration(condition.within) : null;
  return duration ? durationBefore(now, duration) : null;
};

function dateMatches(condition: SegmentCondition, date: Date | null, now: Date): boolean {
  if (condition.op === 'exists') return (date !== null) === (condition.value !== false);
  if (date === null) return false;
  const at = (value: unknown): number => (resolveDate(value as string, now) as Date).getTime();
  const time = date.getTime();
  if (condition.op === 'before') return time < at(condition.value);
  if (condition.op === 'after') return time > at(condition.value);
  const [from, to] = condition.value as readonly string[];
  const dayEnd = dayAfter(to!);
  return time >= at(from) && (dayEnd ? time < dayEnd.getTime() : time <= at(to));
}

function textMatches(condition: SegmentCondition, text: string | null): boolean {
  const { op, value } = condition;
  if (op === 'exists') return (text !== null) === (value !== false);
  if (op === 'neq') return text !== value;
  if (text === null) return false;
  if (op === 'in') return (value as readonly string[]).includes(text);
  if (op === 'contains') return text.toLowerCase().includes((value as string).toLowerCase());
  return text === value;
}

/** eq / in: one of the supporter's states is wanted ("none" = no state at all); neq: not eq. */
function statusMatches(condition: SegmentCondition, states: string[]): boolean {
  const wanted = condition.op === 'in' ? (condition.value as readonly string[]) : [condition.value as string];
  const held = states.length ? states : ['none'];
  const matches = wanted.some((value) => held.includes(value));
  return condition.op === 'neq' ? !matches : matches;
}

function countedDonations(
  facts: SupporterFacts,
  condition: SegmentCondition,
  now: Date,
): SupporterFacts['donations'] {
  const start = windowStart(condition, now);
  return facts.donations.filter(
    (donation) =>
      (COUNTED_DONATION_STATUSES as readonly string[]).includes(donation.status) &&
      (start === null || (donation.paidAt !== null && donation.paidAt >= start)) &&
      (condition.campaign === undefined || donation.campaign === condition.campaign),
  );
}

const donationNumber =
  (measure: (nets: number[]) => number): FieldTest =>
  (facts, condition, now) => {
    const nets = countedDonations(facts, condition, now).map(
      (donation) => donation.amount - donation.refundedAmount,
    );
    return numberMatches(condition.op, condition.value, nets.length ? measure(nets) : 0);
  };

const donationDate =
  (pick: (times: number[]) => number): FieldTest =>
  (facts, condition, now) => {
    const times = countedDonations(facts, condition, now)
      .filter((donation) => donation.paidAt !== null)
      .map((donation) => (donation.paidAt as Date).getTime());
    return dateMatches(condition, times.length ? new Date(pick(times)) : null, now);
  };

const engaged =
  (type: string): FieldTest =>
  (facts, condition, now) => {
    const start = windowStart(condition, now);
    const found = facts.emailEvents.some(
      (event) => event.type === type && (start === null || event.occurredAt >= start),
    );
    return found === (condition.value !== false);
  };

function tagsMatch(facts: SupporterFacts, condition: SegmentCondition): boolean {
  if (condition.op === 'contains') return facts.tags.includes(condition.value as string);
  const wanted = condition.value as readonly string[];
  if (condition.op === 'all_of') return wanted.every((tag) => facts.tags.includes(tag));
  const any = wanted.some((tag) => facts.tags.includes(tag));
  return condition.op === 'none_of' ? !any : any;
}

function topicsMatch(facts: SupporterFacts, condition: SegmentCondition): boolean {
  const confirmed = facts.subscription?.status === 'subscribed' && facts.subscription.confirmedAt !== null;
  const held = facts.topics ?? (confirmed ? [NEWSLETTER_TOPIC_ID] : []);
  return tagsMatch({ ...facts, tags: held }, condition);
}

const FIELD_TESTS: Record<SegmentField, FieldTest> = {
  'subscription.status': (facts, condition) =>
    statusMatches(condition, facts.subscription ? [facts.subscription.status] : []),
  'subscription.confirmed_at': (facts, condition, now) =>
    dateMatches(condition, facts.subscription?.confirmedAt ?? null, now),
  'supporter.created_at': (facts, condition, now) => dateMatches(condition, facts.createdAt, now),
  'supporter.source': (facts, condition) => textMatches(condition, facts.source),
  'supporter.email_domain': (facts, condition) =>
    textMatches(
      condition,
      facts.emailNormalised === null ? null : (facts.emailNormalised.split('@')[1] ?? ''),
    ),
  'supporter.postcode_area': (facts, condition) => textMatches(condition, postcodeArea(facts)),
  'supporter.has_address': (facts, condition) => hasAddress(facts) === condition.value,
  'supporter.contactable_by_post': (facts, condition) =>
    // An erased supporter is the one without an email address here (insert-facts.ts).
    (hasAddress(facts) && !facts.deceased && facts.emailNormalised !== null && !facts.postRefused) ===
    condition.value,
  'supporter.deceased': (facts, condition) => Boolean(facts.deceased) === condition.value,
  tags: tagsMatch,
  topics: topicsMatch,
  'donations.total': donationNumber((nets) => nets.reduce((sum, net) => sum + net, 0)),
  'donations.count': donationNumber((nets) => nets.length),
  'donations.largest': donationNumber((nets) => Math.max(...nets)),
  'donations.method': (facts, condition, now) => {
    const wanted =
      condition.op === 'in' ? (condition.value as readonly string[]) : [condition.value as string];
    const gave = countedDonations(facts, condition, now).some((donation) =>
      wanted.includes(donation.method ?? 'stripe'),
    );
    return condition.op === 'neq' ? !gave : gave;
  },
  'donations.first_date': donationDate((times) => Math.min(...times)),
  'donations.last_date': donationDate((times) => Math.max(...times)),
  'recurring.status': (facts, condition) =>
    statusMatches(
      condition,
      facts.monthlyGifts.map((gift) => gift.status).filter((status) => status !== 'incomplete'),
    ),
  'recurring.amount': (facts, condition) =>
    numberMatches(
      condition.op,
      condition.value,
      facts.monthlyGifts
        .filter((gift) => gift.status === 'active')
        .reduce((sum, gift) => sum + gift.amount, 0),
    ),
  'gift_aid.in_force': (facts, condition, now) =>
    facts.giftAidDeclarations.some(
      (declaration) =>
        declaration.coversFuture === true &&
        !declaration.oralUnconfirmed &&
        (declaration.cancelledAt === null || declaration.cancelledAt > now),
    ) === condition.value,
  'gift_aid.declared': (facts, condition) =>
    facts.giftAidDeclarations.some((declaration) => declaration.cancelledAt === null) === condition.value,
  'email.opened': engaged('open'),
  'email.clicked': engaged('click'),
  'campaign.received': (facts, condition) => {
    const wanted =
      condition.op === 'in' ? (condition.value as readonly string[]) : [condition.value as string];
    const received = facts.campaignsReceived.some(
      (entry) =>
        wanted.includes(entry.campaignId) &&
        (RECEIVED_RECIPIENT_STATUSES as readonly string[]).includes(entry.status),
    );
    return condition.op === 'neq' ? !received : received;
  },
};
