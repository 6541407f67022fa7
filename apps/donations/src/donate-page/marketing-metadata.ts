import type { StripeMetadata } from '../stripe-events/stripe-objects';
import {
  MARKETING_WORDING_VERSION,
  marketingWording,
  SOFT_OPT_IN_WORDING_VERSION,
  SOFT_OPT_OUT_LABEL,
  softOptInWording,
} from './gift-aid-wording';

/** The donor's marketing choice on the donate page, as the completed session carries it. */
export interface DonorMarketingChoice {
  choice: 'consent' | 'soft_opt_in' | 'opted_out';
  /** The version of the words shown (marketing_wording / soft_opt_in_wording). */
  version: string;
}

export function marketingFromMetadata(meta: StripeMetadata): DonorMarketingChoice | null {
  if (meta?.marketing_consent === 'yes')
    return { choice: 'consent', version: meta.marketing_wording ?? MARKETING_WORDING_VERSION };
  if (meta?.soft_opt_in === 'offered' || meta?.soft_opt_in === 'declined')
    return {
      choice: meta.soft_opt_in === 'offered' ? 'soft_opt_in' : 'opted_out',
      version: meta.soft_opt_in_wording ?? SOFT_OPT_IN_WORDING_VERSION,
    };
  return null;
}

/** The words the donor saw, for the consent ledger (today's words for the one version there is). */
export function marketingWordingOf(marketing: DonorMarketingChoice, charity: string): string {
  if (marketing.choice === 'consent') return marketingWording(charity);
  const notice = softOptInWording(charity);
  return marketing.choice === 'opted_out' ? `${notice} Ticked: "${SOFT_OPT_OUT_LABEL}"` : notice;
}
