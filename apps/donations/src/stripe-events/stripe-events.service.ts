import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { ZodError } from 'zod';
import type { DonationsConfig } from '../config/donations.config';
import { type BatchOutcome, Batcher } from '../stripe-webhook/batcher';
import { stripeEventSchema, type VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { recordDisputeEvent, recordRefundEvent } from './charge.handler';
import { recordCheckoutSession } from './checkout-session.handler';
import { DonorNotifier } from './donor-notifier.service';
import { InjectProcessingDatabase } from './processing-database';
import { type EventOutcome, NOTHING_TO_TELL, type StripeEventHandler } from './event-outcome';
import { recordInstalmentFailed, recordInstalmentPaid } from './invoice.handler';
import { markBatchTransaction } from './stripe-object-locks';
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

interface StoredEvent {
  id: string;
  event: VerifiedStripeEvent;
}

/**
 * Applies stored Stripe events. Every step is an upsert keyed by Stripe ids, so processing the
 * same event again, or events in any order, converges on the same state; downstream messages are
 * queued after the commit, once per donation.
 *
 * Events processed at the same moment are applied together, in one transaction: one read of their
 * payloads, one commit and one closing update serve them all. If that transaction fails for any
 * reason (one bad event, a payment another transaction holds), each of its events is redone in a
 * transaction of its own, so an event only ever fails for itself.
 */
@Injectable()
export class StripeEventsService {
  private readonly batcher: Batcher<string>;

  constructor(
    @InjectProcessingDatabase() private readonly dataSource: DataSource,
    private readonly notifier: DonorNotifier,
    @Inject(APP_CONFIG) config: DonationsConfig,
  ) {
    this.batcher = new Batcher(
      (eventIds) => this.processBatch(eventIds),
      config.STRIPE_PROCESSING_TRANSACTIONS,
      config.STRIPE_PROCESSING_BATCH,
    );
  }

  process(eventId: string): Promise<void> {
    return this.batcher.submit(eventId);
  }

  private async processBatch(eventIds: string[]): Promise<BatchOutcome> {
    const rows: { id: string; payload: unknown }[] = await this.dataSource.query(
      'SELECT id, payload FROM stripe_events WHERE id = ANY($1::text[])',
      [eventIds],
    );
    const payloads = new Map(rows.map((row) => [row.id, row.payload]));
    const read = eventIds.map((id) => readEvent(id, payloads.get(id)));
    const stored = read.filter((item): item is StoredEvent => !(item instanceof Error));
    if (stored.length > 1 && (await this.applyTogether(stored))) {
      return read.map((item) =>
        item instanceof Error
          ? { status: 'rejected', reason: item }
          : { status: 'fulfilled', value: undefined },
      );
    }
    return Promise.allSettled(
      read.map((item) => (item instanceof Error ? Promise.reject(item) : this.applyAlone(item))),
    );
  }

  /** One transaction for all; false (nothing kept) if it failed, so each is redone alone. */
  private async applyTogether(events: StoredEvent[]): Promise<boolean> {
    let outcomes: EventOutcome[];
    try {
      outcomes = await this.dataSource.transaction(async (db) => {
        markBatchTransaction(db);
        const applied: EventOutcome[] = [];
        for (const { event } of events) applied.push(await applyEvent(db, event));
        return applied;
      });
    } catch {
      return false;
    }
    await this.announce(events, outcomes);
    return true;
  }

  private async applyAlone(stored: StoredEvent): Promise<void> {
    const { id: eventId, event } = stored;
    let outcome: EventOutcome;
    try {
      outcome = await this.dataSource.transaction((db) => applyEvent(db, event));
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
    await this.announce([stored], [outcome]);
  }

  /** Queues the messages of committed events, then marks them processed. */
  private async announce(events: StoredEvent[], outcomes: EventOutcome[]): Promise<void> {
    const donations = new Map(outcomes.flatMap((outcome) => outcome.donations.map((d) => [d.id, d])));
    const announced = await this.notifier.announcePaidDonations([...donations.values()]);
    for (const outcome of outcomes) {
      if (outcome.failedPayment) await this.notifier.announcePaymentFailed(outcome.failedPayment);
    }
    await this.markProcessed(
      events.map((stored) => stored.id),
      announced,
    );
  }

  /**
   * Done only once its messages are queued: until then the sweeper would run it again. A mark lost
   * to the asynchronous commit costs a spare, idempotent run, never a message.
   */
  private async markProcessed(eventIds: string[], announcedDonationIds: string[]): Promise<void> {
    await this.dataSource.query(
      `WITH announced AS (
         UPDATE donations SET notified_at = now() WHERE id = ANY($2::uuid[]) AND notified_at IS NULL)
       UPDATE stripe_events SET processed_at = now(), attempts = attempts + 1 WHERE id = ANY($1::text[])`,
      [eventIds, announcedDonationIds],
    );
  }
}

function readEvent(id: string, payload: unknown): StoredEvent | Error {
  if (payload === undefined) return new UnrecoverableError(`Stripe event ${id} is not in the inbox`);
  const parsed = stripeEventSchema.safeParse(payload);
  return parsed.success ? { id, event: parsed.data } : parsed.error;
}

function applyEvent(db: EntityManager, event: VerifiedStripeEvent): Promise<EventOutcome> {
  const handler = HANDLERS[event.type];
  return handler ? handler(db, event) : Promise.resolve(NOTHING_TO_TELL);
}
