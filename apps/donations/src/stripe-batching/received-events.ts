import { Injectable, Module } from '@nestjs/common';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';

/** About two seconds of deliveries at full speed; beyond that the oldest are read back from the inbox. */
const KEPT = 2_048;

/**
 * The events this process has just stored in the inbox, as verified, so that processing them here
 * need not read them back and check them again (a statement per batch and a second schema check
 * per event). Only a first delivery, stored exactly as received, is kept: an event stored
 * earlier, or stored without NULs, is read from the inbox as before. Each is handed out once; one
 * processed by another process, or waiting behind KEPT newer ones, is dropped and read back.
 */
@Injectable()
export class ReceivedStripeEvents {
  private readonly events = new Map<string, VerifiedStripeEvent>();

  keep(event: VerifiedStripeEvent): void {
    if (this.events.size >= KEPT) this.events.delete(this.events.keys().next().value!);
    this.events.set(event.id, event);
  }

  take(eventId: string): VerifiedStripeEvent | undefined {
    const event = this.events.get(eventId);
    this.events.delete(eventId);
    return event;
  }
}

/** One instance shared by the inbox, which keeps events, and processing, which takes them. */
@Module({ providers: [ReceivedStripeEvents], exports: [ReceivedStripeEvents] })
export class ReceivedStripeEventsModule {}
