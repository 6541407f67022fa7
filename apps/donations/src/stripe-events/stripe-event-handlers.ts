import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { recordDisputeEvent, recordRefundEvent } from './charge.handler';
import { recordCheckoutSession } from './checkout-session.handler';
import { NOTHING_TO_DO, type PreparedEvent, type StripeEventHandler } from './event-outcome';
import { recordInstalmentFailed, recordInstalmentPaid } from './invoice.handler';
import { recordInvoicePaymentEvent } from './invoice-payments';
import { recordSubscriptionState } from './subscription.handler';

/** Which handler reads which type of Stripe event; any other type is stored and changes nothing. */
const HANDLERS: Record<string, StripeEventHandler> = {
  'checkout.session.completed': recordCheckoutSession,
  'checkout.session.async_payment_succeeded': recordCheckoutSession,
  'checkout.session.async_payment_failed': recordCheckoutSession,
  'invoice.paid': recordInstalmentPaid,
  'invoice.payment_succeeded': recordInstalmentPaid,
  'invoice.payment_failed': recordInstalmentFailed,
  'invoice_payment.paid': recordInvoicePaymentEvent,
  'customer.subscription.created': recordSubscriptionState,
  'customer.subscription.updated': recordSubscriptionState,
  'customer.subscription.deleted': recordSubscriptionState,
  'charge.refunded': recordRefundEvent,
  'charge.dispute.created': recordDisputeEvent,
  'charge.dispute.updated': recordDisputeEvent,
  'charge.dispute.closed': recordDisputeEvent,
};

/** The event read and its changes prepared (throwing a ZodError when its object cannot be read). */
export const prepareEvent = (event: VerifiedStripeEvent): PreparedEvent =>
  HANDLERS[event.type]?.(event) ?? NOTHING_TO_DO;
