import { marketingFromMetadata } from '../donate-page/marketing-metadata';
import { declarationFromMetadata } from '../gift-aid/declaration-metadata';
import { recordPaidDeclaration } from '../gift-aid/gift-aid.queries';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { applyKnownAdjustments } from './charge-adjustments';
import { NOTHING_TO_DO, type PreparedEvent, present } from './event-outcome';
import { paymentOfInvoice } from './invoice-payments';
import { type OneOffGift, recordOneOffGifts } from './one-off-gifts';
import {
  applyRecurringState,
  linkInstalments,
  type PaymentStatus,
  upsertDonation,
  upsertRecurring,
} from './stripe-events.queries';
import { type CheckoutSession, checkoutSessionSchema, idOf, metadataInt } from './stripe-objects';

const paymentStatus = (eventType: string, session: CheckoutSession): PaymentStatus => {
  if (eventType === 'checkout.session.async_payment_failed') return 'failed';
  return session.payment_status === 'unpaid' ? 'pending' : 'succeeded';
};

/**
 * `checkout.session.completed` and its async follow-ups. A one-off gift is the session's payment;
 * a monthly gift's session is also its first instalment, so it is keyed by the first invoice and
 * becomes the same donation as that invoice's `invoice.paid`. A monthly session naming no invoice
 * records only the gift, and leaves the instalment to its invoice. A Gift Aid declaration made at
 * checkout is stored once the session is paid.
 */
export function recordCheckoutSession(event: VerifiedStripeEvent): PreparedEvent {
  const session = checkoutSessionSchema.parse(event.data.object);
  const currency = session.currency;
  if (session.mode === 'setup' || !currency) return NOTHING_TO_DO;
  const meta = session.metadata;
  const total = session.amount_total ?? 0;
  const fee = Math.min(metadataInt(meta, 'fee_amount') ?? 0, total);
  const status = paymentStatus(event.type, session);
  const donor = {
    email: present(session.customer_details?.email) ?? present(session.customer_email),
    donorName: present(meta?.donor_name) ?? present(session.customer_details?.name),
    campaign: present(meta?.campaign),
  };
  const subscriptionId = session.mode === 'subscription' ? idOf(session.subscription) : null;
  const invoiceId = subscriptionId ? idOf(session.invoice) : null;
  const paymentIntentId = idOf(session.payment_intent);
  const declaration = status === 'succeeded' ? declarationFromMetadata(meta) : null;
  const marketing = marketingFromMetadata(meta);
  if (!subscriptionId && !declaration) {
    const gift: OneOffGift = {
      facts: {
        key: 'stripe_checkout_session_id',
        checkoutSessionId: session.id,
        invoiceId: null,
        subscriptionId: null,
        paymentIntentId,
        chargeId: null,
        recurringDonationId: null,
        amount: total - fee,
        feeAmount: fee,
        currency,
        frequency: 'one_off',
        status,
        paidAt: event.created,
        ...donor,
      },
      marketing,
    };
    return {
      locks: [paymentIntentId],
      apply: async (db) => (await recordOneOffGifts(db, [gift]))[0]!,
      oneOffGift: gift,
    };
  }
  const apply: PreparedEvent['apply'] = async (db, lockMore) => {
    // Before the donation and instalments, which take the session's declaration when they are written.
    if (declaration)
      await recordPaidDeclaration(db, session.id, declaration, session.created ?? event.created);
    let recurringDonationId: string | null = null;
    if (subscriptionId) {
      ({ id: recurringDonationId } = await upsertRecurring(db, {
        subscriptionId,
        customerId: idOf(session.customer),
        checkoutSessionId: session.id,
        amount: total - fee,
        currency,
        startedAt: event.created,
        ...donor,
      }));
      if (status === 'succeeded')
        await applyRecurringState(db, subscriptionId, { status: 'active', eventAt: event.created });
    }
    // A monthly gift's session that names no invoice cannot be matched to its first instalment:
    // that instalment is recorded by its own `invoice.paid`, so it is never counted twice.
    if (subscriptionId && !invoiceId) return { donations: await linkInstalments(db, subscriptionId) };
    const named = { paymentIntentId, chargeId: null };
    const charge = invoiceId ? await paymentOfInvoice(db, invoiceId, named, lockMore) : named;
    const donation = await upsertDonation(db, {
      key: invoiceId ? 'stripe_invoice_id' : 'stripe_checkout_session_id',
      checkoutSessionId: session.id,
      invoiceId,
      subscriptionId,
      ...charge,
      recurringDonationId,
      amount: total - fee,
      feeAmount: fee,
      currency,
      frequency: subscriptionId ? 'monthly' : 'one_off',
      status,
      paidAt: event.created,
      ...donor,
    });
    const linked = subscriptionId ? await linkInstalments(db, subscriptionId) : [];
    await applyKnownAdjustments(db, donation);
    return { donations: [{ ...donation, marketing }, ...linked] };
  };
  return { locks: [subscriptionId, invoiceId, paymentIntentId], apply };
}
