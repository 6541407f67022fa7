import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Since Stripe API version 2025-03-31 an invoice no longer names the payment intent that paid it,
 * so a refund or dispute (which names only the payment) could not find its monthly instalment
 * (keyed by invoice). The link now comes from `invoice_payment.paid` and is kept here. Such events
 * already in the inbox were stored as unknown types; they are marked unprocessed, so the inbox
 * sweeper runs them again through the new handler (their attempts stay, so the sweeper's job id,
 * which counts them, is a new one).
 */
export class StripeInvoicePayments1764900000003 implements MigrationInterface {
  name = 'StripeInvoicePayments1764900000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stripe_invoice_payments (
        stripe_invoice_id text PRIMARY KEY,
        stripe_payment_intent_id text,
        stripe_charge_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      UPDATE stripe_events SET processed_at = NULL WHERE type = 'invoice_payment.paid';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE stripe_invoice_payments');
  }
}
