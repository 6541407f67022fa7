import { APP_CONFIG } from '@crm/config';
import { fieldError } from '@crm/platform';
import {
  InjectProducer,
  type QueueProducer,
  type TransactionalEmail,
  transactionalJobId,
  transactionalMailQueue,
} from '@crm/queues';
import { RecurringDonation } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource, type EntityManager } from 'typeorm';
import { checkDonationAmount } from '../common/donation-amount';
import type { DonationsConfig } from '../config/donations.config';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client';
import { PaymentProviderError, paymentProviderError } from '../stripe/stripe-errors';
import { type DonorLink, donorIncreaseUrl, donorManageUrl, isFresh, readDonorToken } from './donor-link';
import { DonorLinkError } from './donor-link.errors';
import { donorAddress, type DonorGift, recordDonorChange } from './donor-self-service.queries';
import type { DonorRecurringActionDto, DonorRecurringViewDto } from './dto/donor-recurring.dto';

/** What a donor's request did: a change made (and confirmed by email), or a raise waiting for its confirmation. */
export type DonorOutcome = 'cancelled' | 'decreased' | 'increased' | 'increase-requested';

export interface DonorAnswer {
  view: DonorRecurringViewDto;
  outcome?: DonorOutcome;
}

type DonorChange = Exclude<DonorOutcome, 'increase-requested'>;

const toView = (gift: DonorGift, link: DonorLink): DonorRecurringViewDto => ({
  amount: gift.amount,
  currency: gift.currency.trim(),
  status: gift.status,
  cancelAtPeriodEnd: gift.cancelAtPeriodEnd,
  nextPaymentAt: gift.status === 'cancelled' ? null : (gift.currentPeriodEnd?.toISOString() ?? null),
  ...(link.kind === 'increase' ? { confirmIncreaseTo: link.amount } : {}),
});

/** An hour: asking for the same raise again within it sends no second email. */
const HOUR_SECONDS = 3600;

/**
 * A donor manages their monthly gift from the signed link in a receipt: view it, lower the
 * amount, or cancel. Raising it is never done through that link (a forwarded receipt must not be
 * able to take more money): the donor is emailed a short-lived link that confirms the raise.
 * Every change moves the gift's link version on, so links sent before stop working, and is
 * confirmed to the donor by email with a new link.
 */
@Injectable()
export class DonorSelfService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    @Inject(STRIPE_CLIENT) private readonly stripe: StripeClient,
    private readonly dataSource: DataSource,
    @InjectProducer(transactionalMailQueue)
    private readonly mail: QueueProducer<typeof transactionalMailQueue>,
  ) {}

  async view(token: string): Promise<DonorAnswer> {
    const link = this.link(token);
    return { view: toView(await this.gift(this.dataSource.manager, link), link) };
  }

  async act(token: string, request: DonorRecurringActionDto): Promise<DonorAnswer> {
    const link = this.link(token);
    if (link.kind === 'increase') {
      if (request.action !== 'confirm-increase') {
        throw fieldError('action', 'this link only confirms the new monthly amount it was sent for');
      }
      return this.change(link, 'increased', link.amount);
    }
    if (request.action === 'confirm-increase') {
      throw fieldError(
        'action',
        'a higher amount is confirmed from the link we email you when you ask for it',
      );
    }
    if (request.action === 'cancel') return this.change(link, 'cancelled', null);
    const amount = request.amount!;
    checkDonationAmount(this.config, amount);
    const gift = await this.gift(this.dataSource.manager, link);
    if (gift.status === 'cancelled') throw DonorLinkError.cancelled();
    if (amount === gift.amount) throw fieldError('amount', 'is already your monthly amount');
    if (amount > gift.amount) return this.requestIncrease(gift, link, amount);
    return this.change(link, 'decreased', amount);
  }

  /** A link the token is, signed by us and still within its lifetime; the gift's version is checked with the gift. */
  private link(token: string): DonorLink {
    const reading = readDonorToken(this.config.APP_SECRET, token);
    if (reading.kind === 'invalid') throw DonorLinkError.invalid();
    if (reading.kind === 'superseded' || !isFresh(reading)) throw DonorLinkError.expired();
    return reading;
  }

  /** The gift a link names, while the link is current (its version) and the donor not erased. */
  private async gift(db: EntityManager, link: DonorLink, forUpdate = false): Promise<RecurringDonation> {
    const gift = await db.getRepository(RecurringDonation).findOne({
      where: { id: link.recurringDonationId },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!gift) throw DonorLinkError.giftNotFound();
    if (gift.donorForgottenAt !== null || gift.donorLinkVersion !== link.version) {
      throw DonorLinkError.expired();
    }
    return gift;
  }

  /**
   * Makes a change through Stripe under the gift's row lock, so two uses of one link cannot both
   * act; then moves the link version on and queues the donor's confirmation in the same
   * transaction. If queueing fails nothing is recorded and the donor may try again: Stripe's side
   * is repeated safely (the same amount, or an idempotent cancel).
   */
  private async change(link: DonorLink, change: DonorChange, amount: number | null): Promise<DonorAnswer> {
    const stripe = this.stripe;
    return this.dataSource.transaction(async (db) => {
      const gift = await this.gift(db, link, true);
      if (gift.status === 'cancelled') throw DonorLinkError.cancelled();
      if (change === 'increased') checkDonationAmount(this.config, amount!);
      if (!stripe) throw PaymentProviderError.notConfigured();
      if (change === 'cancelled') {
        await this.callStripe(() =>
          stripe.subscriptions.cancel(
            gift.stripeSubscriptionId,
            {},
            { idempotencyKey: `donor-cancel-${gift.id}` },
          ),
        );
      } else {
        await this.changeAmount(stripe, gift, amount!);
      }
      // The row is locked: it is there to change.
      const changed = (await recordDonorChange(db, gift.id, amount, change === 'cancelled'))!;
      await this.confirmChange(changed, change, gift.amount);
      return { view: toView(changed, link), outcome: change };
    });
  }

  private async confirmChange(gift: DonorGift, change: DonorChange, previousAmount: number): Promise<void> {
    const version = gift.donorLinkVersion;
    const email: TransactionalEmail = {
      template: 'donor-gift-changed',
      reference: `${gift.id}-v${version}`,
      recurringDonationId: gift.id,
      change,
      amount: gift.amount,
      previousAmount,
      ...(change === 'cancelled'
        ? {}
        : {
            manageUrl: donorManageUrl(this.config.DONATIONS_PUBLIC_URL, this.config.APP_SECRET, {
              recurringDonationId: gift.id,
              version,
            }),
          }),
    };
    await this.mail.add('send-email', email, { jobId: transactionalJobId(email) });
  }

  /** Emails the donor a link that confirms the raise; nothing changes until it is used. */
  private async requestIncrease(
    gift: RecurringDonation,
    link: DonorLink,
    amount: number,
  ): Promise<DonorAnswer> {
    const address = await donorAddress(this.dataSource, gift.id);
    if (!address) throw DonorLinkError.noAddress();
    const hour = Math.floor(Date.now() / 1000 / HOUR_SECONDS);
    const email: TransactionalEmail = {
      template: 'donor-increase-confirm',
      reference: `${gift.id}-v${gift.donorLinkVersion}-${amount}-${hour}`,
      recurringDonationId: gift.id,
      amount,
      previousAmount: gift.amount,
      confirmUrl: donorIncreaseUrl(this.config.DONATIONS_PUBLIC_URL, this.config.APP_SECRET, {
        recurringDonationId: gift.id,
        version: gift.donorLinkVersion,
        amount,
      }),
    };
    await this.mail.add('send-email', email, { jobId: transactionalJobId(email) });
    return { view: toView(gift, link), outcome: 'increase-requested' };
  }

  private async changeAmount(stripe: Stripe, gift: RecurringDonation, amount: number): Promise<void> {
    const subscription = await this.callStripe(() =>
      stripe.subscriptions.retrieve(gift.stripeSubscriptionId),
    );
    const item = subscription.items.data[0];
    const product = item?.price.product;
    if (!item || !product) throw DonorLinkError.notChangeable();
    await this.callStripe(() =>
      stripe.subscriptions.update(
        gift.stripeSubscriptionId,
        {
          items: [
            {
              id: item.id,
              price_data: {
                currency: gift.currency.trim(),
                product: typeof product === 'string' ? product : product.id,
                unit_amount: amount,
                recurring: { interval: 'month' },
              },
            },
          ],
          proration_behavior: 'none',
          metadata: { amount: String(amount), fee_amount: '0' },
        },
        // One change per link version: a retry of the same change is the same Stripe request.
        { idempotencyKey: `donor-amount-${gift.id}-v${gift.donorLinkVersion}-${amount}` },
      ),
    );
  }

  private async callStripe<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw paymentProviderError(error);
    }
  }
}
