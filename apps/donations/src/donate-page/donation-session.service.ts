import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { PaymentProviderError, paymentProviderError } from '../stripe/stripe-errors';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client';

/** What the thanks page says about a checkout, read from Stripe (the webhook may not have come yet). */
export type DonationSession =
  | {
      state: 'paid';
      firstName: string | null;
      amount: number;
      feeAmount: number;
      currency: string;
      monthly: boolean;
      giftAid: boolean;
    }
  | { state: 'pending' }
  | { state: 'unknown' };

/** Stripe's ids: `cs_test_…` or `cs_live_…`, letters and digits. */
const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;

const whole = (value: string | undefined): number | null =>
  value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : null;

@Injectable()
export class DonationSessionService {
  constructor(@Inject(STRIPE_CLIENT) private readonly stripe: StripeClient) {}

  async read(sessionId: string | null): Promise<DonationSession> {
    if (sessionId === null || !SESSION_ID.test(sessionId)) return { state: 'unknown' };
    if (!this.stripe) throw PaymentProviderError.notConfigured();
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.retrieve(sessionId);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) {
        return { state: 'unknown' };
      }
      throw paymentProviderError(error);
    }
    const paid = session.status === 'complete' && session.payment_status !== 'unpaid';
    if (!paid) return session.status === 'expired' ? { state: 'unknown' } : { state: 'pending' };
    const meta = session.metadata ?? {};
    const fee = whole(meta.fee_amount) ?? 0;
    const name = meta.donor_name?.trim() || session.customer_details?.name?.trim() || '';
    return {
      state: 'paid',
      firstName: name.split(/\s+/)[0] || null,
      amount: whole(meta.amount) ?? Math.max((session.amount_total ?? 0) - fee, 0),
      feeAmount: fee,
      currency: session.currency ?? 'gbp',
      monthly: session.mode === 'subscription',
      giftAid: meta.gift_aid === 'true',
    };
  }
}
