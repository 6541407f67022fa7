import { APP_CONFIG } from '@crm/config';
import { GiftAidDeclaration } from '@crm/entities';
import { fieldError } from '@crm/platform';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { checkDonationAmount } from '../common/donation-amount';
import type { DonationsConfig } from '../config/donations.config';
import { paymentProviderError, PaymentProviderError } from '../stripe/stripe-errors';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client';
import { type CheckoutMetadata, checkoutMetadata } from './checkout-metadata';
import type { CheckoutRequestDto } from './dto/checkout-request.dto';
import type { CheckoutResponseDto } from './dto/checkout-response.dto';
import { coveredFee } from './fees';
import { allowedReturnOrigins, checkReturnUrl } from './return-urls';

/** Starts a Stripe Checkout for a one-off or monthly gift. Nothing is recorded until Stripe says it was paid. */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);
  private readonly returnOrigins: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    @Inject(STRIPE_CLIENT) private readonly stripe: StripeClient,
    private readonly dataSource: DataSource,
  ) {
    this.returnOrigins = allowedReturnOrigins(config);
  }

  async startCheckout(request: CheckoutRequestDto, idempotencyKey: string): Promise<CheckoutResponseDto> {
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
    const session = await this.createSession(this.stripe, request, currency, metadata, idempotencyKey);
    if (request.giftAid) {
      // Without its declaration the gift would lose its Gift Aid: fail, and let the donor's retry
      // (same Idempotency-Key, same session) record it.
      await this.recordDeclaration(request, session.id).catch((error: unknown) => {
        this.logger.error({ err: error, sessionId: session.id }, 'Could not record a Gift Aid declaration');
        throw new ServiceUnavailableException('Could not record the Gift Aid declaration; please retry');
      });
    }
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
    metadata: CheckoutMetadata,
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
            unit_amount: request.amount + Number(metadata.fee_amount),
            product_data: { name: monthly ? 'Monthly donation' : 'Donation' },
            ...(monthly ? { recurring: { interval: 'month' as const } } : {}),
          },
        },
      ],
      success_url: request.successUrl ?? this.config.DONATION_SUCCESS_URL,
      cancel_url: request.cancelUrl ?? this.config.DONATION_CANCEL_URL,
      metadata,
      ...(request.email ? { customer_email: request.email } : {}),
      ...(monthly
        ? { subscription_data: { metadata } }
        : { submit_type: 'donate' as const, payment_intent_data: { metadata } }),
    };
    try {
      return await stripe.checkout.sessions.create(params, { idempotencyKey });
    } catch (error) {
      throw paymentProviderError(error);
    }
  }

  private async recordDeclaration(request: CheckoutRequestDto, sessionId: string): Promise<void> {
    const giftAid = request.giftAid!;
    // A retried request (same Idempotency-Key) returns the same session: keep the first declaration.
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(GiftAidDeclaration)
      .values({
        stripeCheckoutSessionId: sessionId,
        title: giftAid.title ?? null,
        firstName: giftAid.firstName,
        lastName: giftAid.lastName,
        houseNameOrNumber: giftAid.houseNameOrNumber,
        postcode: giftAid.postcode,
        wordingVersion: giftAid.wordingVersion ?? this.config.GIFT_AID_WORDING_VERSION,
        declaredAt: new Date(),
      })
      .orIgnore()
      .execute();
  }
}
