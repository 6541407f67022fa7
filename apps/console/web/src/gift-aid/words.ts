import type { components } from '../api/generated/donations';
import { date, isoFromUkDate } from '../format';

export type Declaration = components['schemas']['DeclarationDto'];
export type Claim = components['schemas']['GiftAidClaimDto'];
export type ClaimStatus = Claim['status'];

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
