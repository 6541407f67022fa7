import { APP_CONFIG } from '@crm/config';
import { fieldError } from '@crm/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { checkDonationAmount } from '../common/donation-amount';
import type { DonationsConfig } from '../config/donations.config';
import { paymentProviderError, PaymentProviderError } from '../stripe/stripe-errors';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client';
import { type CheckoutMetadata, checkoutMetadata } from './checkout-metadata';
import type { CheckoutRequestDto } from './dto/checkout-request.dto';
import type { CheckoutResponseDto } from './dto/checkout-response.dto';
import { declarationMetadata } from '../gift-aid/declaration-metadata';
import { coveredFee } from './fees';
import { allowedReturnOrigins, checkReturnUrl } from './return-urls';

/** Starts a Stripe Checkout for a one-off or monthly gift. Nothing is recorded until Stripe says it was paid. */
@Injectable()
export class CheckoutService {
  private readonly returnOrigins: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    @Inject(STRIPE_CLIENT) private readonly stripe: StripeClient,
  ) {
    this.returnOrigins = allowedReturnOrigins(config);
  }

  /** `pageMetadata`: what the hosted donate page adds to the session (the donor's marketing choice). */
  async startCheckout(
    request: CheckoutRequestDto,
    idempotencyKey: string,
    pageMetadata: Record<string, string> = {},
  ): Promise<CheckoutResponseDto> {
    const currency = this.validCurrency(request);
    checkDonationAmount(this.config, request.amount);
    checkReturnUrl('successUrl', request.successUrl, this.returnOrigins);
    checkReturnUrl('cancelUrl', request.cancelUrl, this.returnOrigins);
    if (request.giftAid && currency !== 'gbp') {
      throw fieldError('giftAid', 'Gift Aid applies only to gifts in pounds (gbp)');
    }
    if (!this.stripe) throw PaymentProviderError.notConfigured();
    const feeAmount = request.coverFees
      ? coveredFee(request.amount, {
          percentBps: this.config.DONATION_FEE_PERCENT_BPS,
          fixed: this.config.DONATION_FEE_FIXED,
        })
      : 0;
    const metadata = checkoutMetadata(request, feeAmount);
    // The declaration is stored when Stripe says the session is paid, not now (see declaration-metadata).
    const sessionMetadata = {
      ...metadata,
      ...pageMetadata,
      ...(request.giftAid ? declarationMetadata(request.giftAid, this.config.GIFT_AID_WORDING_VERSION) : {}),
    };
    const session = await this.createSession(
      this.stripe,
      request,
      currency,
      { shared: metadata, session: sessionMetadata },
      idempotencyKey,
    );
    return {
      id: session.id,
      url: session.url ?? '',
      amount: request.amount,
      feeAmount,
      totalAmount: request.amount + feeAmount,
      currency,
      frequency: request.frequency,
    };
  }

  private validCurrency(request: CheckoutRequestDto): string {
    const currency = (request.currency ?? this.config.BASE_CURRENCY).toLowerCase();
    if (!this.config.DONATION_CURRENCIES.includes(currency)) {
      throw fieldError('currency', `must be one of ${this.config.DONATION_CURRENCIES.join(', ')}`);
    }
    return currency;
  }

  private async createSession(
    stripe: Stripe,
    request: CheckoutRequestDto,
    currency: string,
    metadata: { shared: CheckoutMetadata; session: Record<string, string> },
    idempotencyKey: string,
  ): Promise<Stripe.Checkout.Session> {
    const monthly = request.frequency === 'monthly';
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: monthly ? 'subscription' : 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency,
            unit_amount: request.amount + Number(metadata.shared.fee_amount),
            product_data: { name: monthly ? 'Monthly donation' : 'Donation' },
            ...(monthly ? { recurring: { interval: 'month' as const } } : {}),
          },
        },
      ],
      success_url: request.successUrl ?? this.config.DONATION_SUCCESS_URL,
      cancel_url: request.cancelUrl ?? this.config.DONATION_CANCEL_URL,
      metadata: metadata.session,
      ...(request.email ? { customer_email: request.email } : {}),
      ...(monthly
        ? { subscription_data: { metadata: metadata.shared } }
        : { submit_type: 'donate' as const, payment_intent_data: { metadata: metadata.shared } }),
    };
    try {
      return await stripe.checkout.sessions.create(params, { idempotencyKey });
    } catch (error) {
      throw paymentProviderError(error);
    }
  }
}
