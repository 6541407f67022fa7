import type { ClaimStatus } from './words';

const SHORT: Record<ClaimStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  paid: 'Paid',
  rejected: 'Rejected',
};

/** A claim's status as a short coloured label (the word carries the meaning, not the colour). */
export function ClaimStatusBadge({ status }: { status: ClaimStatus }) {
  return <span className={`claim-status claim-status-${status}`}>{SHORT[status]}</span>;
}
