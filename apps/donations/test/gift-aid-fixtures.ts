import { stripeTestId } from '@crm/testing';
import type { DataSource } from 'typeorm';

/** Rows the Gift Aid suites start from, written straight into the tables they read. */
export class GiftAidFixtures {
  private supporters = 0;

  constructor(private readonly db: DataSource) {}

  async supporter(email: string): Promise<string> {
    this.supporters += 1;
    const address = email.replace('@', `+${this.supporters}@`);
    const [row] = (await this.db.query(
      `INSERT INTO supporters (email, email_normalised, first_name, last_name, source)
       VALUES ($1, $1, 'Ada', 'Lovelace', 'test') RETURNING id`,
      [address],
    )) as { id: string }[];
    return row!.id;
  }

  /** A paid gift: a Stripe one (with a payment intent) unless `method` names an offline one. */
  async gift(
    supporterId: string | null,
    amount: number,
    paidAt: string,
    extra: { method?: string; giftAidApplies?: boolean | null; declarationId?: string } = {},
  ): Promise<string> {
    const method = extra.method ?? 'stripe';
    const [row] = (await this.db.query(
      `INSERT INTO donations (supporter_id, amount, fee_amount, currency, frequency, status, refunded_amount, paid_at,
         method, gift_aid_applies, gift_aid_declaration_id, stripe_payment_intent_id)
       VALUES ($1, $2, 0, 'gbp', 'one_off', 'succeeded', 0, $3, $4, $5, $6, $7) RETURNING id`,
      [
        supporterId,
        amount,
        paidAt,
        method,
        method === 'stripe' ? null : (extra.giftAidApplies ?? true),
        extra.declarationId ?? null,
        method === 'stripe' ? stripeTestId('pi') : null,
      ],
    )) as { id: string }[];
    return row!.id;
  }

  async paymentIntentOf(donationId: string): Promise<string> {
    const [row] = (await this.db.query('SELECT stripe_payment_intent_id FROM donations WHERE id = $1', [
      donationId,
    ])) as { stripe_payment_intent_id: string }[];
    return row!.stripe_payment_intent_id;
  }
}

/** The body of a declaration as staff record it. */
export const declarationBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  method: 'written',
  title: 'Dr',
  firstName: 'Ada',
  lastName: 'Lovelace',
  houseNameOrNumber: '12',
  postcode: 'n1 1aa',
  scope: 'supporter_gifts',
  declaredAt: '2026-01-15',
  ...overrides,
});
