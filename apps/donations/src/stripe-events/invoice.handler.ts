import type { EntityManager } from 'typeorm';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { applyKnownAdjustments, type ChargeRef } from './charge-adjustments';
import { linkInstalments, upsertDonation } from './donation-ledger';
import { type EventOutcome, NOTHING_TO_TELL, present } from './event-outcome';
import { applyRecurringState, upsertRecurring } from './recurring-ledger';
import { lockStripeObjects } from './stripe-object-locks';
import { idOf, type Invoice, invoiceSchema, metadataInt } from './stripe-objects';

interface Instalment {
  invoice: Invoice;
  subscriptionId: string;
  recurringDonationId: string;
  fee: number;
  campaign: string | null;
  email: string | null;
  donorName: string | null;
}

/** The payment of an invoice, named on the invoice itself (older API versions) or in its payments. */
function paymentOf(invoice: Invoice): ChargeRef {
  const payment = invoice.payments?.data[0]?.payment;
  return {
    paymentIntentId: idOf(invoice.payment_intent) ?? idOf(payment?.payment_intent),
    chargeId: idOf(invoice.charge) ?? idOf(payment?.charge),
  };
}

/** Reads a subscription invoice (either API shape) and makes sure its monthly gift exists. */
async function instalmentOf(db: EntityManager, event: VerifiedStripeEvent): Promise<Instalment | null> {
  const invoice = invoiceSchema.parse(event.data.object);
  const details = invoice.parent?.subscription_details;
  const subscriptionId = idOf(details?.subscription) ?? idOf(invoice.subscription);
  if (!subscriptionId) return null;
  await lockStripeObjects(db, [subscriptionId, paymentOf(invoice).paymentIntentId]);
  const meta = details?.metadata ?? invoice.subscription_details?.metadata;
  const gross = Math.max(invoice.amount_paid, invoice.amount_due);
  const fee = Math.min(metadataInt(meta, 'fee_amount') ?? 0, gross);
  const campaign = present(meta?.campaign);
  const donorName = present(meta?.donor_name) ?? present(invoice.customer_name);
  const gift = await upsertRecurring(db, {
    subscriptionId,
    customerId: idOf(invoice.customer),
    checkoutSessionId: null,
    email: present(invoice.customer_email),
    donorName,
    amount: gross - fee,
    currency: invoice.currency,
    campaign,
    startedAt: null,
  });
  // An invoice may not name the donor; the gift's checkout session did.
  return {
    invoice,
    subscriptionId,
    recurringDonationId: gift.id,
    fee,
    campaign,
    email: present(invoice.customer_email) ?? gift.email,
    donorName: donorName ?? gift.donor_name,
  };
}

/** `invoice.paid`: one monthly instalment is one donation, keyed by its invoice. */
export async function recordInstalmentPaid(
  db: EntityManager,
  event: VerifiedStripeEvent,
): Promise<EventOutcome> {
  const instalment = await instalmentOf(db, event);
  if (!instalment || instalment.invoice.amount_paid === 0) return NOTHING_TO_TELL;
  const { invoice, subscriptionId } = instalment;
  await applyRecurringState(db, subscriptionId, { status: 'active', eventAt: event.created });
  const charge = paymentOf(invoice);
  const donation = await upsertDonation(db, {
    key: 'stripe_invoice_id',
    checkoutSessionId: null,
    invoiceId: invoice.id,
    subscriptionId,
    ...charge,
    recurringDonationId: instalment.recurringDonationId,
    email: instalment.email,
    donorName: instalment.donorName,
    amount: invoice.amount_paid - instalment.fee,
    feeAmount: instalment.fee,
    currency: invoice.currency,
    frequency: 'monthly',
    status: 'succeeded',
    campaign: instalment.campaign,
    paidAt: invoice.status_transitions?.paid_at ?? event.created,
  });
  const linked = await linkInstalments(db, subscriptionId);
  await applyKnownAdjustments(db, donation);
  return { donations: [donation, ...linked] };
}

/** `invoice.payment_failed`: the monthly gift is past due and the donor is told. */
export async function recordInstalmentFailed(
  db: EntityManager,
  event: VerifiedStripeEvent,
): Promise<EventOutcome> {
  const instalment = await instalmentOf(db, event);
  if (!instalment) return NOTHING_TO_TELL;
  await applyRecurringState(db, instalment.subscriptionId, { status: 'past_due', eventAt: event.created });
  return {
    donations: [],
    failedPayment: { recurringDonationId: instalment.recurringDonationId, invoiceId: instalment.invoice.id },
  };
}
