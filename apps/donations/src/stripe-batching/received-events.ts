import { Injectable, Module } from '@nestjs/common';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';

/** Enough for a burst's backlog, and little memory: about a KiB a small event, tens for a large one. */
const KEPT = 1_024;
/** Processing here follows the delivery within a second or two; an older one was taken by another process. */
const KEPT_FOR_MS = 5_000;

/**
 * The events this process has just stored in the inbox, as verified, so that processing them here
 * need not read them back and check them again (a statement per batch and a second schema check
 * per event). Only a first delivery, stored exactly as received, is kept: an event stored
 * earlier, or stored without NULs, is read from the inbox as before. Each is handed out once. When
 * KEPT are waiting, newer events are not kept (the waiting ones are processed first); one kept for
 * KEPT_FOR_MS (processed by another process) is dropped. Whatever is not kept is read back.
 */
@Injectable()
export class ReceivedStripeEvents {
  private readonly events = new Map<string, { event: VerifiedStripeEvent; keptAt: number }>();

  keep(event: VerifiedStripeEvent): void {
    const now = Date.now();
    for (const [id, { keptAt }] of this.events) {
      if (now - keptAt < KEPT_FOR_MS) break;
      this.events.delete(id);
    }
    if (this.events.size < KEPT) this.events.set(event.id, { event, keptAt: now });
  }

  take(eventId: string): VerifiedStripeEvent | undefined {
    const kept = this.events.get(eventId);
    this.events.delete(eventId);
    return kept?.event;
  }
}

/** One instance shared by the inbox, which keeps events, and processing, which takes them. */
@Module({ providers: [ReceivedStripeEvents], exports: [ReceivedStripeEvents] })
export class ReceivedStripeEventsModule {}
