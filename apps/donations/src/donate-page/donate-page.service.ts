import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '@crm/config';
import { type FieldError, InvalidFieldsError } from '@crm/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CheckoutService } from '../checkout/checkout.service';
import type { DonationsConfig } from '../config/donations.config';
import { PaymentProviderError } from '../stripe/stripe-errors';
import { choicesQuery, chosenPence, type DonateChoices } from './donate-choices';
import { checkoutRequestOf, type DonateErrors, donateErrors, formErrors } from './donate-validation';
import { MARKETING_WORDING_VERSION, SOFT_OPT_IN_WORDING_VERSION } from './gift-aid-wording';

/** What a posted donate form comes to: Stripe's page, or the form again with what went wrong. */
export type DonateOutcome =
  | { kind: 'checkout'; url: string }
  | { kind: 'invalid'; errors: DonateErrors }
  | { kind: 'unavailable'; status: number };

/** Starts the Checkout Session a posted donate form describes, through the checkout's own rules. */
@Injectable()
export class DonatePageService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly checkout: CheckoutService,
  ) {}

  async donate(choices: DonateChoices): Promise<DonateOutcome> {
    const errors = donateErrors(choices, this.config);
    if (Object.keys(errors).length > 0) return { kind: 'invalid', errors };
    // A cancelled payment comes back to the form with the choices made (nothing personal in the URL).
    const cancelUrl = `${this.config.DONATIONS_PUBLIC_URL.replace(/\/+$/, '')}/donate?${choicesQuery(choices, chosenPence(choices)!)}`;
    const { request, errors: apiErrors } = checkoutRequestOf(choices, cancelUrl);
    if (Object.keys(apiErrors).length > 0) return { kind: 'invalid', errors: apiErrors };
    // The donor's answer travels with the paid session, as evidence for whoever records consent.
    const marketing: Record<string, string> = choices.marketing
      ? { marketing_consent: 'yes', marketing_wording: MARKETING_WORDING_VERSION }
      : this.config.SOFT_OPT_IN
        ? {
            soft_opt_in: choices.noSoftOptIn ? 'declined' : 'offered',
            soft_opt_in_wording: SOFT_OPT_IN_WORDING_VERSION,
          }
        : {};
    try {
      const session = await this.checkout.startCheckout(request, `donate-${randomUUID()}`, marketing);
      return { kind: 'checkout', url: session.url };
    } catch (error) {
      if (error instanceof InvalidFieldsError) {
        return { kind: 'invalid', errors: formErrors(error.details as FieldError[]) };
      }
      if (error instanceof PaymentProviderError) return { kind: 'unavailable', status: error.httpStatus };
      throw error;
    }
  }
}
