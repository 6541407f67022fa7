import { z } from 'zod';

/**
 * The parts of Stripe's objects this app reads, across API versions (older ones put
 * `subscription`, `payment_intent` and `charge` on the invoice; newer ones nest the subscription
 * under `parent.subscription_details` and name an invoice's payment only in its own
 * `invoice_payment` object). Unknown fields are ignored.
 */
const expandable = z.union([z.string(), z.object({ id: z.string() })]).nullish();
export type Expandable = z.infer<typeof expandable>;
export const idOf = (value: Expandable): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : value.id;

const metadata = z.record(z.string(), z.string()).nullish();
export type StripeMetadata = z.infer<typeof metadata>;

export const checkoutSessionSchema = z.object({
  id: z.string(),
  /** When the session was created: when the donor made any Gift Aid declaration it carries. */
  created: z.number().int().positive().nullish(),
  mode: z.enum(['payment', 'subscription', 'setup']),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  amount_total: z.number().int().nonnegative().nullish(),
  currency: z.string().length(3).nullish(),
  customer: expandable,
  customer_email: z.string().nullish(),
  customer_details: z.object({ email: z.string().nullish(), name: z.string().nullish() }).nullish(),
  payment_intent: expandable,
  subscription: expandable,
  invoice: expandable,
  metadata,
});
export type CheckoutSession = z.infer<typeof checkoutSessionSchema>;

export const invoiceSchema = z.object({
  id: z.string(),
  customer: expandable,
  customer_email: z.string().nullish(),
  customer_name: z.string().nullish(),
  amount_paid: z.number().int().nonnegative(),
  amount_due: z.number().int().nonnegative(),
  currency: z.string().length(3),
  billing_reason: z.string().nullish(),
  subscription: expandable,
  subscription_details: z.object({ metadata }).nullish(),
  parent: z
    .object({ subscription_details: z.object({ subscription: expandable, metadata }).nullish() })
    .nullish(),
  payment_intent: expandable,
  charge: expandable,
  status_transitions: z.object({ paid_at: z.number().int().nullish() }).nullish(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoicePaymentSchema = z.object({
  id: z.string(),
  invoice: expandable,
  status: z.string(),
  payment: z.object({ payment_intent: expandable, charge: expandable }),
});

const subscriptionItem = z.object({
  quantity: z.number().int().nullish(),
  current_period_end: z.number().int().nullish(),
  price: z.object({ unit_amount: z.number().int().nullish(), currency: z.string().length(3) }),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  customer: expandable,
  status: z.string(),
  cancel_at_period_end: z.boolean().nullish(),
  canceled_at: z.number().int().nullish(),
  start_date: z.number().int().nullish(),
  current_period_end: z.number().int().nullish(),
  metadata,
  items: z.object({ data: z.array(subscriptionItem).min(1) }),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export const chargeSchema = z.object({
  id: z.string(),
  payment_intent: expandable,
  amount: z.number().int().nonnegative(),
  amount_refunded: z.number().int().nonnegative(),
});
export type Charge = z.infer<typeof chargeSchema>;

export const disputeSchema = z.object({
  id: z.string(),
  charge: expandable,
  payment_intent: expandable,
  status: z.string().max(50),
});
export type Dispute = z.infer<typeof disputeSchema>;

export const metadataInt = (meta: StripeMetadata, key: string): number | null => {
  const value = meta?.[key];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
};
