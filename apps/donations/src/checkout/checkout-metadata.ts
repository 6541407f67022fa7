import type { CheckoutRequestDto } from './dto/checkout-request.dto';

/**
 * What we tell Stripe to hand back with the session, its payment and its subscription, so each
 * webhook can be recorded without another API call. Stripe metadata values are strings.
 */
export interface CheckoutMetadata {
  [key: string]: string;
  frequency: string;
  amount: string;
  fee_amount: string;
}

export function checkoutMetadata(request: CheckoutRequestDto, feeAmount: number): CheckoutMetadata {
  const optional: Record<string, string | undefined> = {
    campaign: request.campaign,
    source: request.source,
    donor_name:
      request.name ??
      (request.giftAid ? `${request.giftAid.firstName} ${request.giftAid.lastName}` : undefined),
    gift_aid: request.giftAid ? 'true' : undefined,
  };
  const present = Object.entries(optional).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return {
    frequency: request.frequency,
    amount: String(request.amount),
    fee_amount: String(feeAmount),
    ...Object.fromEntries(present),
  };
}
