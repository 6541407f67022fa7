import { APP_CONFIG } from '@crm/config';
import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { checkDonationAmount } from '../common/donation-amount';
import type { DonationsConfig } from '../config/donations.config';
import { type RecurringRow } from '../recurring/recurring.service';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client';
import { PaymentProviderError, paymentProviderError } from '../stripe/stripe-errors';
import { verifyDonorToken } from './donor-link';
import type { DonorRecurringActionDto, DonorRecurringViewDto } from './dto/donor-recurring.dto';

const toView = (row: RecurringRow): DonorRecurringViewDto => ({
  amount: row.amount,
  currency: row.currency.trim(),
  status: row.status,
  cancelAtPeriodEnd: row.cancel_at_period_end,
  nextPaymentAt: row.status === 'cancelled' ? null : (row.current_period_end?.toISOString() ?? null),
});

/** A donor manages their monthly gift from a signed link: view it, change the amount, or cancel. */
@Injectable()
export class DonorSelfService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    @Inject(STRIPE_CLIENT) private readonly stripe: StripeClient,
    private readonly dataSource: DataSource,
  ) {}

  async view(token: string): Promise<DonorRecurringViewDto> {
    return toView(await this.gift(token));
  }

  async act(token: string, request: DonorRecurringActionDto): Promise<DonorRecurringViewDto> {
    const gift = await this.gift(token);
    if (gift.status === 'cancelled') throw new ConflictException('This monthly gift is already cancelled');
    if (request.action === 'change-amount') checkDonationAmount(this.config, request.amount!);
    if (!this.stripe) throw PaymentProviderError.notConfigured();
    if (request.action === 'cancel') {
      await this.callStripe(() =>
        this.stripe!.subscriptions.cancel(
          gift.stripe_subscription_id,
          {},
          { idempotencyKey: `donor-cancel-${gift.id}` },
        ),
      );
      await this.dataSource.query(
        `UPDATE recurring_donations SET status = 'cancelled', cancelled_at = COALESCE(cancelled_at, now()), updated_at = now()
         WHERE id = $1`,
        [gift.id],
      );
    } else {
      await this.changeAmount(this.stripe, gift, request.amount!);
    }
    return toView(await this.gift(token));
  }

  private async changeAmount(stripe: Stripe, gift: RecurringRow, amount: number): Promise<void> {
    const subscription = await this.callStripe(() =>
      stripe.subscriptions.retrieve(gift.stripe_subscription_id),
    );
    const item = subscription.items.data[0];
    const product = item?.price.product;
    if (!item || !product) throw new ConflictException('This monthly gift cannot be changed online');
    await this.callStripe(() =>
      stripe.subscriptions.update(
        gift.stripe_subscription_id,
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
        { idempotencyKey: `donor-amount-${gift.id}-${amount}-${Date.now()}` },
      ),
    );
    await this.dataSource.query(
      'UPDATE recurring_donations SET amount = $2, updated_at = now() WHERE id = $1',
      [gift.id, amount],
    );
  }

  private async gift(token: string): Promise<RecurringRow> {
    const id = verifyDonorToken(this.config.APP_SECRET, token);
    if (!id) throw new ForbiddenException('This link is not valid');
    const [row] = await this.dataSource.query<RecurringRow[]>(
      'SELECT * FROM recurring_donations WHERE id = $1',
      [id],
    );
    if (!row) throw new NotFoundException('This monthly gift no longer exists');
    return row;
  }

  private async callStripe<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw paymentProviderError(error);
    }
  }
}
