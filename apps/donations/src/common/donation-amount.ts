import { fieldError } from '@crm/platform';
import type { DonationsConfig } from '../config/donations.config';

/** A gift's amount (minor units) must lie within the configured bounds, at checkout and when a donor changes it. */
export function checkDonationAmount(
  config: Pick<DonationsConfig, 'DONATION_MIN_AMOUNT' | 'DONATION_MAX_AMOUNT'>,
  amount: number,
): void {
  const { DONATION_MIN_AMOUNT: min, DONATION_MAX_AMOUNT: max } = config;
  if (amount < min || amount > max) {
    throw fieldError('amount', `must be between ${min} and ${max} (minor units)`);
  }
}
