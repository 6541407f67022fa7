import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripeSignature } from './fake-stripe';

/**
 * Builders for Stripe webhook events in the shapes Stripe sends them (current API version:
 * invoices name their subscription under `parent.subscription_details`), and a signed delivery.
 */
export const stripeTestId = (prefix: string): string => `${prefix}_test_${randomBytes(10).toString('hex')}`;

export interface StripeTestEvent {
  id: string;
  object: 'event';
  api_version: string;
  type: string;
  created: number;
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
}

let clock = Math.floor(Date.now() / 1000) - 3600;
/** Strictly increasing `created` seconds, so tests can say which event is newer. */
export const nextStripeTime = (): number => ++clock;

export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  created = nextStripeTime(),
): StripeTestEvent {
  return {
    id: stripeTestId('evt'),
    object: 'event',
    api_version: '2026-10-28.endive',
    type,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

type StripeObject = Record<string, unknown>;
const isStripeObject = (value: unknown): value is StripeObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `base` with `changes` written over it: nested objects are merged, anything else is replaced. */
function overlay(base: StripeObject, changes: StripeObject): StripeObject {
  const merged = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    const under = merged[key];
    merged[key] = isStripeObject(value) && isStripeObject(under) ? overlay(under, value) : value;
  }
  return merged;
}

/** Whole events as Stripe delivered them, each under its API version (see fixtures/stripe/README.md). */
export type RecordedStripeEvent =
  | 'checkout.session.completed.payment'
  | 'checkout.session.completed.subscription'
  | 'customer.subscription.created'
  | 'invoice.paid'
  | 'invoice_payment.paid'
  | 'charge.refunded'
  | 'charge.dispute.created'
  | 'payment_intent.succeeded';

/**
 * A recorded event delivered again under a new id and time, with `changes` written over its
 * object (ids, amounts, states a test needs) and, if given, another type: everything else keeps
 * the exact shape Stripe sent, nulls and absent fields included.
 */
export function recordedStripeEvent(
  name: RecordedStripeEvent,
  changes: StripeObject = {},
  type?: string,
): StripeTestEvent {
  const recorded = JSON.parse(
    readFileSync(join(__dirname, 'fixtures', 'stripe', `${name}.json`), 'utf8'),
  ) as StripeTestEvent;
  const { id, created } = stripeEvent(recorded.type, {});
  return {
    ...recorded,
    id,
    created,
    type: type ?? recorded.type,
    data: { ...recorded.data, object: overlay(recorded.data.object, changes) },
  };
}

export interface CheckoutSessionOptions {
  id?: string;
  mode?: 'payment' | 'subscription';
  paymentStatus?: 'paid' | 'unpaid';
  amountTotal: number;
  currency?: string;
  email?: string;
  name?: string;
  metadata?: Record<string, string>;
  paymentIntent?: string | null;
  subscription?: string | null;
  invoice?: string | null;
  customer?: string;
}

export function checkoutSessionObject(options: CheckoutSessionOptions): Record<string, unknown> {
  const mode = options.mode ?? 'payment';
  return {
    id: options.id ?? stripeTestId('cs'),
    object: 'checkout.session',
    mode,
    status: 'complete',
    payment_status: options.paymentStatus ?? 'paid',
    amount_subtotal: options.amountTotal,
    amount_total: options.amountTotal,
    currency: options.currency ?? 'gbp',
    customer: options.customer ?? stripeTestId('cus'),
    customer_email: null,
    customer_details: { email: options.email ?? null, name: options.name ?? null, address: null },
    payment_intent: mode === 'payment' ? (options.paymentIntent ?? stripeTestId('pi')) : null,
    subscription: mode === 'subscription' ? (options.subscription ?? stripeTestId('sub')) : null,
    // `invoice: null` stands for a session that names no invoice (older API versions, trials).
    invoice:
      mode === 'subscription' && options.invoice !== null ? (options.invoice ?? stripeTestId('in')) : null,
    metadata: options.metadata ?? {},
    success_url: 'https://example.org/thanks',
    cancel_url: 'https://example.org/donate',
  };
}

export interface InvoiceOptions {
  id?: string;
  subscription: string;
  customer?: string;
  amount: number;
  currency?: string;
  email?: string;
  name?: string;
  paid?: boolean;
  billingReason?: 'subscription_create' | 'subscription_cycle';
  metadata?: Record<string, string>;
  paidAt?: number;
}

export function invoiceObject(options: InvoiceOptions): Record<string, unknown> {
  const paid = options.paid ?? true;
  return {
    id: options.id ?? stripeTestId('in'),
    object: 'invoice',
    status: paid ? 'paid' : 'open',
    billing_reason: options.billingReason ?? 'subscription_cycle',
    customer: options.customer ?? stripeTestId('cus'),
    customer_email: options.email ?? null,
    customer_name: options.name ?? null,
    currency: options.currency ?? 'gbp',
    amount_due: options.amount,
    amount_paid: paid ? options.amount : 0,
    amount_remaining: paid ? 0 : options.amount,
    attempt_count: 1,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: options.subscription, metadata: options.metadata ?? {} },
    },
    status_transitions: { paid_at: paid ? (options.paidAt ?? clock) : null },
  };
}

/**
 * The `invoice_payment` of a paid invoice, as `invoice_payment.paid` carries it: since API version
 * 2025-03-31 the only place that links an invoice to the payment intent its refunds name.
 */
export function invoicePaymentObject(options: {
  invoice: string;
  paymentIntent: string;
  amount: number;
  currency?: string;
}): Record<string, unknown> {
  return {
    id: stripeTestId('inpay'),
    object: 'invoice_payment',
    amount_paid: options.amount,
    amount_requested: options.amount,
    currency: options.currency ?? 'gbp',
    invoice: options.invoice,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: options.paymentIntent },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: clock },
  };
}

export interface SubscriptionOptions {
  id: string;
  customer?: string;
  status: 'active' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete';
  unitAmount: number;
  currency?: string;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: number | null;
  currentPeriodEnd?: number;
  metadata?: Record<string, string>;
}

export function subscriptionObject(options: SubscriptionOptions): Record<string, unknown> {
  const periodEnd = options.currentPeriodEnd ?? clock + 30 * 24 * 3600;
  return {
    id: options.id,
    object: 'subscription',
    customer: options.customer ?? stripeTestId('cus'),
    status: options.status,
    cancel_at_period_end: options.cancelAtPeriodEnd ?? false,
    canceled_at: options.canceledAt ?? null,
    start_date: clock - 1,
    metadata: options.metadata ?? {},
    items: {
      object: 'list',
      data: [
        {
          id: stripeTestId('si'),
          object: 'subscription_item',
          quantity: 1,
          current_period_end: periodEnd,
          price: {
            id: stripeTestId('price'),
            object: 'price',
            currency: options.currency ?? 'gbp',
            unit_amount: options.unitAmount,
            recurring: { interval: 'month', interval_count: 1 },
          },
        },
      ],
    },
  };
}

export interface ChargeOptions {
  id?: string;
  paymentIntent: string;
  amount: number;
  amountRefunded: number;
  currency?: string;
}

export function refundedChargeObject(options: ChargeOptions): Record<string, unknown> {
  const id = options.id ?? stripeTestId('ch');
  return {
    id,
    object: 'charge',
    amount: options.amount,
    amount_captured: options.amount,
    amount_refunded: options.amountRefunded,
    currency: options.currency ?? 'gbp',
    captured: true,
    paid: true,
    payment_intent: options.paymentIntent,
    refunded: options.amountRefunded >= options.amount,
    status: 'succeeded',
    refunds: {
      object: 'list',
      data: [
        {
          id: stripeTestId('re'),
          object: 'refund',
          amount: options.amountRefunded,
          charge: id,
          status: 'succeeded',
        },
      ],
    },
  };
}

export function disputeObject(options: {
  charge: string;
  paymentIntent: string;
  amount: number;
  status: string;
}): Record<string, unknown> {
  return {
    id: stripeTestId('dp'),
    object: 'dispute',
    amount: options.amount,
    currency: 'gbp',
    charge: options.charge,
    payment_intent: options.paymentIntent,
    reason: 'fraudulent',
    status: options.status,
  };
}

/**
 * A webhook delivery as Stripe makes it: the exact body and its `Stripe-Signature` header. Stripe
 * sends its JSON pretty-printed; `body` gives other bytes for the same event.
 */
export function signedDelivery(
  event: StripeTestEvent,
  secret: string,
  timestamp?: number,
  body = JSON.stringify(event),
): { body: string; headers: Record<string, string> } {
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Stripe-Signature': stripeSignature(body, secret, timestamp),
    },
  };
}
