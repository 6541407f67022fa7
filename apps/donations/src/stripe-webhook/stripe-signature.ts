import { LAST_STORABLE_EPOCH_SECOND } from '@crm/values';
import Stripe from 'stripe';
import { z } from 'zod';

/** Stripe's own default; also the most a timestamp may lie in the future (stripe-node accepts any). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const isObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const stripeEventSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_]{1,255}$/, 'id must be a Stripe event id'),
  type: z.string().regex(/^[a-z0-9_.]{1,200}$/, 'type must be a Stripe event type such as invoice.paid'),
  created: z
    .number()
    .int()
    .positive()
    .max(LAST_STORABLE_EPOCH_SECOND, 'created must be a time in seconds before year 10000'),
  // Checked to be an object without copying it field by field (as z.record would, per event and
  // twice: here and when processing reads the event back); the handlers read the fields they use.
  data: z.object({
    object: z.custom<Record<string, unknown>>(isObject, 'object must be a Stripe object'),
  }),
});
export type VerifiedStripeEvent = z.infer<typeof stripeEventSchema>;

export class InvalidWebhookError extends Error {}

/**
 * The header's one timestamp, read as stripe-node reads it (`,`-separated `key=value` items, key
 * compared exactly). A header with several `t=` items is refused: stripe-node verifies the last one
 * while a check of another would let a signature made for a far-future time through.
 */
const signedAt = (header: string): number => {
  const timestamps = header
    .split(',')
    .map((item) => item.split('='))
    .filter(([key]) => key === 't');
  if (timestamps.length === 0) throw new InvalidWebhookError('Stripe-Signature has no timestamp');
  if (timestamps.length > 1) throw new InvalidWebhookError('Stripe-Signature has more than one timestamp');
  const value = timestamps[0]![1] ?? '';
  if (!/^\d{1,12}$/.test(value)) throw new InvalidWebhookError('Stripe-Signature timestamp is not a number');
  return Number(value);
};

/**
 * Verifies the `Stripe-Signature` header over the exact bytes received and returns the event.
 * Throws InvalidWebhookError for a missing or bad signature, a stale or future timestamp, or a
 * body that is not a Stripe event.
 */
export function verifyStripeEvent(
  rawBody: Buffer | undefined,
  header: string | undefined,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifiedStripeEvent {
  if (!header) throw new InvalidWebhookError('Missing Stripe-Signature header');
  if (!rawBody || rawBody.length === 0) throw new InvalidWebhookError('Missing JSON body');
  const timestamp = signedAt(header);
  if (timestamp > nowSeconds + SIGNATURE_TOLERANCE_SECONDS) {
    throw new InvalidWebhookError('Stripe-Signature timestamp is in the future');
  }
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, header, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    const reason = error instanceof Stripe.errors.StripeSignatureVerificationError ? 'signature' : 'body';
    throw new InvalidWebhookError(
      reason === 'signature' ? 'Invalid Stripe-Signature' : 'Request body is not valid JSON',
    );
  }
  const parsed = stripeEventSchema.safeParse(event);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'body');
    throw new InvalidWebhookError(`Not a Stripe event: ${fields.join(', ')}`);
  }
  return parsed.data;
}
