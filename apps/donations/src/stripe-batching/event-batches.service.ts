import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { ZodError } from 'zod';
import type { DonationsConfig } from '../config/donations.config';
import { prepareEvent } from '../stripe-events/stripe-event-handlers';
import { DonorNotifier } from '../stripe-events/donor-notifier.service';
import { recordOneOffGifts } from '../stripe-events/one-off-gifts';
import type { EventOutcome, LockMore, PreparedEvent } from '../stripe-events/event-outcome';
import { stripeEventSchema, type VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { type BatchOutcome, Batcher } from './batcher';
import { InjectProcessingDatabase } from './processing-database';
import { ReceivedStripeEvents } from './received-events';
import { markProcessed, recordAttemptFailed, storedPayloads } from './stripe-batching.queries';
import { lockStripeObjects, tryLockStripeObjects } from './stripe-object-locks';

interface StoredEvent {
  id: string;
  event: VerifiedStripeEvent;
}

interface ReadEvent extends StoredEvent {
  prepared: PreparedEvent;
}

/** A Stripe object another transaction holds: the batch is given up and its events redone alone. */
class StripeObjectBusyError extends Error {}

/** A batch's `LockMore`: never waits (see `applyTogether`). */
const lockOrGiveUp: LockMore = async (db, ids) => {
  if (!(await tryLockStripeObjects(db, ids))) throw new StripeObjectBusyError();
};

/**
 * Applies stored Stripe events. Every step is an upsert keyed by Stripe ids, so processing the
 * same event again, or events in any order, converges on the same state; downstream messages are
 * queued after the commit, once per donation.
 *
 * Events processed at the same moment are applied together, in one transaction: one read of their
 * payloads, one statement for all their locks, one commit and one closing update serve them all.
 * Their one-off gifts are recorded by one statement, before the other events are applied in turn
 * (events about different objects commute; two about the same gift in one statement make it fail,
 * and the batch is redone event by event). That transaction only tries its locks (waiting for several at once could deadlock with another
 * batch); if one is busy, or the transaction fails for any other reason (one bad event), each of
 * its events is redone in a transaction of its own, which waits for its locks, so an event only
 * ever fails for itself.
 */
@Injectable()
export class StripeEventBatches {
  private readonly batcher: Batcher<string>;

  constructor(
    @InjectProcessingDatabase() private readonly dataSource: DataSource,
    private readonly notifier: DonorNotifier,
    private readonly received: ReceivedStripeEvents,
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
    const kept = new Map(eventIds.map((id) => [id, this.received.take(id)]));
    const unkept = eventIds.filter((id) => !kept.get(id));
    const payloads = unkept.length > 0 ? await storedPayloads(this.dataSource, unkept) : new Map();
    const read = eventIds.map((id) => {
      const event = kept.get(id);
      return event ? withChanges(id, event) : readEvent(id, payloads.get(id));
    });
    const ready = read.filter(isPrepared);
    const appliedTogether = ready.length > 1 && (await this.applyTogether(ready));
    return Promise.allSettled(
      read.map((item) => {
        if (item instanceof Error) return Promise.reject(item);
        return appliedTogether && isPrepared(item) ? Promise.resolve() : this.applyAlone(item);
      }),
    );
  }

  /** One transaction for all; false (nothing kept) if it failed, so each is redone alone. */
  private async applyTogether(events: ReadEvent[]): Promise<boolean> {
    const locks = events.flatMap(({ prepared }) => prepared.locks);
    let outcomes: EventOutcome[];
    try {
      outcomes = await this.dataSource.transaction(async (db) => {
        if (!(await tryLockStripeObjects(db, locks))) throw new StripeObjectBusyError();
        const gifts = events.flatMap(({ prepared }) => (prepared.oneOffGift ? [prepared.oneOffGift] : []));
        const recorded = gifts.length > 0 ? await recordOneOffGifts(db, gifts) : [];
        const applied: EventOutcome[] = [];
        for (const { prepared } of events) {
          applied.push(prepared.oneOffGift ? recorded.shift()! : await prepared.apply(db, lockOrGiveUp));
        }
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
      const prepared = prepareEvent(event);
      outcome = await this.dataSource.transaction(async (db) => {
        await lockStripeObjects(db, prepared.locks);
        return prepared.apply(db, lockStripeObjects);
      });
    } catch (error) {
      await recordAttemptFailed(
        this.dataSource,
        eventId,
        String(error instanceof Error ? error.message : error).slice(0, 1000),
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
    // Done only once its messages are queued: until then the sweeper would run it again. A mark
    // lost to the asynchronous commit costs a spare, idempotent run, never a message.
    await markProcessed(
      this.dataSource,
      events.map((stored) => stored.id),
      announced,
    );
  }
}

/** The stored event, checked as the inbox checked it, with its changes; an error if there is none to process. */
function readEvent(id: string, payload: unknown): ReadEvent | StoredEvent | Error {
  if (payload === undefined) return new UnrecoverableError(`Stripe event ${id} is not in the inbox`);
  const parsed = stripeEventSchema.safeParse(payload);
  if (!parsed.success) return parsed.error;
  return withChanges(id, parsed.data);
}

/**
 * The event with its changes prepared; without them if its object cannot be read (it is then
 * processed alone, to fail with the reason).
 */
function withChanges(id: string, event: VerifiedStripeEvent): ReadEvent | StoredEvent {
  try {
    return { id, event, prepared: prepareEvent(event) };
  } catch {
    return { id, event };
  }
}

const isPrepared = (item: ReadEvent | StoredEvent | Error): item is ReadEvent => 'prepared' in item;
