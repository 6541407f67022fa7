import type { paths } from '../api/generated/donations';
import { isoFromUkDate, ukDateProblem } from '../format';
import { FREQUENCY_LABELS, type GiftMethod, METHOD_LABELS, STATUS_LABELS } from './labels';

export type ListQuery = NonNullable<paths['/donations']['get']['parameters']['query']>;

/** The filters as typed (dates DD/MM/YYYY), kept in the address so a filtered list can be shared. */
export interface Draft {
  from: string;
  to: string;
  campaign: string;
  method: string;
  status: string;
  frequency: string;
}

export const FILTER_KEYS: (keyof Draft)[] = ['from', 'to', 'campaign', 'method', 'status', 'frequency'];

export function draftFrom(params: URLSearchParams): Draft {
  const draft = {} as Draft;
  for (const key of FILTER_KEYS) draft[key] = params.get(key) ?? '';
  return draft;
}

const oneOf = <T extends string>(value: string, labels: Record<T, string>): T | undefined =>
  value in labels ? (value as T) : undefined;

/** The API's query for the filters in the address; a date that is not DD/MM/YYYY is left out. */
export function listQuery(draft: Draft): Omit<ListQuery, 'limit' | 'cursor'> {
  const from = isoFromUkDate(draft.from);
  const to = isoFromUkDate(draft.to);
  const method = oneOf<GiftMethod>(draft.method, METHOD_LABELS);
  const status = oneOf(draft.status, STATUS_LABELS);
  const frequency = oneOf(draft.frequency, FREQUENCY_LABELS);
  return {
    // London midnight is close enough to UTC midnight for a filter by day; `to` covers its whole day.
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(draft.campaign.trim() ? { campaign: draft.campaign.trim() } : {}),
    ...(method ? { method } : {}),
    ...(status ? { status } : {}),
    ...(frequency ? { frequency } : {}),
  };
}

/** Which typed dates are not dates, by field. */
export function dateProblems(draft: Draft): { from?: string; to?: string } {
  const problem = (value: string) => (value.trim() ? ukDateProblem(value) : undefined);
  return { from: problem(draft.from), to: problem(draft.to) };
}
