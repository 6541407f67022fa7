import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { ZodError } from 'zod';
import { stripeEventSchema } from '../stripe-webhook/stripe-signature';
import { recordDisputeEvent, recordRefundEvent } from './charge.handler';
import { recordCheckoutSession } from './checkout-session.handler';
import { DonorNotifier } from './donor-notifier.service';
import { InjectProcessingDatabase } from './processing-database';
import { type EventOutcome, NOTHING_TO_TELL, type StripeEventHandler } from './event-outcome';
import { recordInstalmentFailed, recordInstalmentPaid } from './invoice.handler';
import { recordSubscriptionState } from './subscription.handler';

const HANDLERS: Record<string, StripeEventHandler> = {
  'checkout.session.completed': recordCheckoutSession,
  'checkout.session.async_payment_succeeded': recordCheckoutSession,
  'checkout.session.async_payment_failed': recordCheckoutSession,
  'invoice.paid': recordInstalmentPaid,
  'invoice.payment_succeeded': recordInstalmentPaid,
  'invoice.payment_failed': recordInstalmentFailed,
  'customer.subscription.created': recordSubscriptionState,
  'customer.subscription.updated': recordSubscriptionState,
  'customer.subscription.deleted': recordSubscriptionState,
  'charge.refunded': recordRefundEvent,
  'charge.dispute.created': recordDisputeEvent,
  'charge.dispute.updated': recordDisputeEvent,
  'charge.dispute.closed': recordDisputeEvent,
};

/**
 * Applies a stored Stripe event. Every step is an upsert keyed by Stripe ids, so processing the
 * same event again, or events in any order, converges on the same state; downstream messages are
 * queued after the commit, once per donation.
 */
@Injectable()
export class StripeEventsService {
  constructor(
    @InjectProcessingDatabase() private readonly dataSource: DataSource,
    private readonly notifier: DonorNotifier,
  ) {}

  async process(eventId: string): Promise<void> {
    const rows: { payload: unknown }[] = await this.dataSource.query(
      'SELECT payload FROM stripe_events WHERE id = $1',
      [eventId],
    );
    if (rows.length === 0) throw new UnrecoverableError(`Stripe event ${eventId} is not in the inbox`);
    const event = stripeEventSchema.parse(rows[0]!.payload);
    const handler = HANDLERS[event.type];
    let outcome: EventOutcome;
    try {
      outcome = handler ? await this.dataSource.transaction((db) => handler(db, event)) : NOTHING_TO_TELL;
    } catch (error) {
      await this.dataSource.query(
        'UPDATE stripe_events SET attempts = attempts + 1, last_error = $2 WHERE id = $1',
        [eventId, String(error instanceof Error ? error.message : error).slice(0, 1000)],
      );
      // An object we cannot read will not read better next time: keep it for a person to look at.
      if (error instanceof ZodError) {
        const fields = error.issues.map((issue) => issue.path.join('.')).join(', ');
        throw new UnrecoverableError(
          `Stripe event ${eventId} (${event.type}) has an unexpected shape: ${fields}`,
        );
      }
      throw error;
    }
    const announced = await this.notifier.announcePaidDonations(outcome.donations);
    if (outcome.failedPayment) await this.notifier.announcePaymentFailed(outcome.failedPayment);
    await this.markProcessed(eventId, announced);
  }

  /**
   * Done only once its messages are queued: until then the sweeper would run it again. A mark lost
   * to the asynchronous commit costs a spare, idempotent run, never a message.
   */
  private async markProcessed(eventId: string, announcedDonationIds: string[]): Promise<void> {
    await this.dataSource.query(
      `WITH announced AS (
         UPDATE donations SET notified_at = now() WHERE id = ANY($2::uuid[]) AND notified_at IS NULL)
       UPDATE stripe_events SET processed_at = now(), attempts = attempts + 1 WHERE id = $1`,
      [eventId, announcedDonationIds],
    );
  }
}
