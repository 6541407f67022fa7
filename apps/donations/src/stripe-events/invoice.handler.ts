import type { EntityManager } from 'typeorm';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { applyKnownAdjustments, type ChargeRef, paymentLock } from './charge-adjustments';
import {
  type EventOutcome,
  type LockMore,
  NOTHING_TO_DO,
  NOTHING_TO_TELL,
  type PreparedEvent,
  present,
} from './event-outcome';
import { paymentOfInvoice } from './invoice-payments';
import {
  applyRecurringState,
  linkInstalments,
  upsertDonation,
  upsertRecurring,
} from './stripe-events.queries';
import { idOf, type Invoice, invoiceSchema, metadataInt } from './stripe-objects';

interface Instalment {
  invoice: Invoice;
  subscriptionId: string;
  recurringDonationId: string;
  fee: number;
  campaign: string | null;
  email: string | null;
  donorName: string | null;
  donorForgotten: boolean;
}

/** The payment an invoice names itself (API versions before 2025-03-31; later ones name none). */
const namedPayment = (invoice: Invoice): ChargeRef => ({
  paymentIntentId: idOf(invoice.payment_intent),
  chargeId: idOf(invoice.charge),
});

interface SubscriptionInvoice {
  invoice: Invoice;
  subscriptionId: string;
}

/**
 * Reads a subscription invoice (either API shape): an invoice of no subscription is nothing to
 * do; otherwise its subscription and payment are locked and `apply` gets its instalment.
 */
function prepareInstalment(
  event: VerifiedStripeEvent,
  apply: (db: EntityManager, instalment: Instalment, lockMore: LockMore) => Promise<EventOutcome>,
): PreparedEvent {
  const invoice = invoiceSchema.parse(event.data.object);
  const subscriptionId =
    idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(invoice.subscription);
  if (!subscriptionId) return NOTHING_TO_DO;
  return {
    locks: [subscriptionId, invoice.id, paymentLock(namedPayment(invoice))],
    apply: async (db, lockMore) => apply(db, await instalmentOf(db, { invoice, subscriptionId }), lockMore),
  };
}

/** Makes sure the monthly gift of a subscription invoice exists, and gives what is known of its donor. */
async function instalmentOf(
  db: EntityManager,
  { invoice, subscriptionId }: SubscriptionInvoice,
): Promise<Instalment> {
  const details = invoice.parent?.subscription_details;
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
  // An invoice may not name the donor; the gift's checkout session did. An erased donor's next
  // instalments are still paid and recorded, without them (see upsertDonation).
  return {
    invoice,
    subscriptionId,
    recurringDonationId: gift.id,
    fee,
    campaign,
    email: present(invoice.customer_email) ?? gift.email,
    donorName: donorName ?? gift.donor_name,
    donorForgotten: gift.forgotten,
  };
}

/** `invoice.paid`: one monthly instalment is one donation, keyed by its invoice. */
export function recordInstalmentPaid(event: VerifiedStripeEvent): PreparedEvent {
  return prepareInstalment(event, (db, instalment, lockMore) =>
    recordPaidInstalment(db, event, instalment, lockMore),
  );
}

async function recordPaidInstalment(
  db: EntityManager,
  event: VerifiedStripeEvent,
  instalment: Instalment,
  lockMore: LockMore,
): Promise<EventOutcome> {
  if (instalment.invoice.amount_paid === 0) return NOTHING_TO_TELL;
  const { invoice, subscriptionId } = instalment;
  await applyRecurringState(db, subscriptionId, { status: 'active', eventAt: event.created });
  const charge = await paymentOfInvoice(db, invoice.id, namedPayment(invoice), lockMore);
  const donation = await upsertDonation(db, {
    key: 'stripe_invoice_id',
    checkoutSessionId: null,
    invoiceId: invoice.id,
    subscriptionId,
    ...charge,
    recurringDonationId: instalment.recurringDonationId,
    email: instalment.email,
    donorName: instalment.donorName,
    donorForgotten: instalment.donorForgotten,
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
export function recordInstalmentFailed(event: VerifiedStripeEvent): PreparedEvent {
  return prepareInstalment(event, async (db, instalment) => {
    await applyRecurringState(db, instalment.subscriptionId, { status: 'past_due', eventAt: event.created });
    return {
      donations: [],
      failedPayment: {
        recurringDonationId: instalment.recurringDonationId,
        invoiceId: instalment.invoice.id,
      },
    };
  });
}
