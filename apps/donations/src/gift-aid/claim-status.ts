import type { ClaimStatus } from '@crm/entities';

/**
 * Where a claim may go from each status. Staying put lets staff add HMRC's reference or correct a
 * date later; a draft abandoned before submission is rejected too, which releases its gifts.
 */
const NEXT: Record<ClaimStatus, readonly ClaimStatus[]> = {
  draft: ['submitted', 'rejected'],
  submitted: ['submitted', 'paid', 'rejected'],
  paid: ['paid'],
  rejected: [],
};

export const canMoveClaim = (from: ClaimStatus, to: ClaimStatus): boolean => NEXT[from].includes(to);

/** Gift Aid on an amount: 25p per £1 given (basic rate 20 % on the gross), rounded down to the penny. */
export const giftAidOn = (amount: number): number => Math.floor(amount / 4);
