import type { components } from '../api/generated/donations';
import { count, date, isoFromUkDate, money, plural, ukFromIsoDate } from '../format';

export type Declaration = components['schemas']['DeclarationDto'];
export type Claim = components['schemas']['GiftAidClaimDto'];
export type ClaimStatus = Claim['status'];
export type EligibleSummary = components['schemas']['EligibleSummaryDto'];

export const METHOD_LABELS: Record<Declaration['method'], string> = {
  online: 'Online',
  written: 'In writing',
  oral: 'By phone or in person',
};

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  draft: 'Draft: not sent to HMRC yet',
  submitted: 'Submitted to HMRC',
  paid: 'Paid by HMRC',
  rejected: 'Rejected',
};

/** What a declaration covers, as staff say it: "All gifts from 01/01/2025 and future gifts". */
export function scopeWords(declaration: Declaration): string {
  if (declaration.scope === 'this_gift') return 'Only the gift it was made for';
  const from = date(declaration.coversFrom ?? declaration.declaredAt);
  return declaration.coversFuture
    ? `All gifts from ${from} and future gifts`
    : `Gifts from ${from} to ${date(declaration.declaredAt)}`;
}

/** Where a declaration stands, in a few words, and whether Gift Aid can be claimed under it now. */
export function declarationStatus(declaration: Declaration, now = new Date()): string {
  if (declaration.cancelledAt) {
    return new Date(declaration.cancelledAt) > now
      ? `In force; cancelled from ${date(declaration.cancelledAt)}`
      : `Cancelled from ${date(declaration.cancelledAt)}`;
  }
  if (declaration.awaitingConfirmation) return 'Not in force: waiting for its written confirmation';
  if (declaration.method === 'oral' && declaration.confirmationSentAt) {
    const how = declaration.confirmationChannel === 'post' ? 'letter posted' : 'emailed';
    return `In force (confirmation ${how} on ${date(declaration.confirmationSentAt)})`;
  }
  return 'In force';
}

/** The donor as the declaration names them: "Mrs Ada Lovelace". */
export const declaredName = (declaration: { title: unknown; firstName: string; lastName: string }): string =>
  [
    typeof declaration.title === 'string' ? declaration.title : '',
    declaration.firstName,
    declaration.lastName,
  ]
    .filter(Boolean)
    .join(' ');

/** Today in London as typed in the UK: "06/12/2026". */
export const ukToday = (now = new Date()): string => date(now);

export const UK_DATE_ERROR = 'Write the date as DD/MM/YYYY, e.g. 01/12/2026.';

/**
 * A typed day for the API: today means now (later than its midnight, so "paid today" is not before
 * "submitted today"); empty means the API's default; `invalid` when it is not a DD/MM/YYYY day.
 */
export function dayForApi(typed: string): { value?: string } | 'invalid' {
  if (!typed.trim()) return {};
  const iso = isoFromUkDate(typed);
  if (!iso) return 'invalid';
  return iso === isoFromUkDate(ukToday()) ? {} : { value: iso };
}

/** HMRC's time limit in plain words: when to claim by, and what is already lost (a warning). */
export interface TimeLimitWords {
  claimBy: string | null;
  lost: string;
  anyLost: boolean;
}

/**
 * HMRC's time limit in plain words, for the "Ready to claim" figures: when the oldest gift must be
 * claimed by, and what can no longer be claimed (gifts covered by a declaration, never claimed,
 * received before the earliest day a claim made today may reach).
 */
export function timeLimitWords(summary: EligibleSummary): TimeLimitWords {
  const limit = summary.timeLimit;
  const since = date(limit.receivedSince);
  const claimBy = summary.oldestClaimBy
    ? `Claim by ${ukFromIsoDate(summary.oldestClaimBy)} to include the oldest of these gifts.`
    : null;
  if (limit.lostCount === 0) {
    return {
      claimBy,
      anyLost: false,
      lost: `No Gift Aid lost to HMRC's time limit. A claim made today can include gifts received from ${since}.`,
    };
  }
  const one = limit.lostCount === 1;
  return {
    claimBy,
    anyLost: true,
    lost:
      `Too late to claim: ${plural(limit.lostCount, 'gift')} with a declaration ${one ? 'was' : 'were'} received before ${since}. ` +
      `HMRC accepts a claim only within ${count(limit.years)} years of the end of the accounting year a gift came in, ` +
      `so ${money(limit.lostGiftAidAmount, summary.currency)} of Gift Aid on ${money(limit.lostAmount, summary.currency)} ` +
      `of ${one ? 'giving' : 'gifts'} is lost.`,
  };
}
