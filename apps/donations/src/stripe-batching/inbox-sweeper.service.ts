import { APP_CONFIG } from '@crm/config';
import { donationsEventsQueue, InjectProducer, type QueueProducer } from '@crm/queues';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DonationsConfig } from '../config/donations.config';
import { stripeEventJobId } from '../stripe-webhook/stripe-inbox.service';
import { staleEvents } from './stripe-batching.queries';

/** An event that keeps failing is left for a person to look at (`last_error`), not retried forever. */
const MAX_ATTEMPTS = 20;
const BATCH = 1000;

/**
 * The inbox is the record of what Stripe sent; the queue is only how it gets processed. Any stored
 * event still unprocessed after a while (its job lost with Redis, or its processing lost in a
 * database crash, since processing commits asynchronously) is queued again. Processing is
 * idempotent, so a spare run changes nothing.
 */
@Injectable()
export class InboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxSweeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly dataSource: DataSource,
    @InjectProducer(donationsEventsQueue) private readonly events: QueueProducer<typeof donationsEventsQueue>,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.STRIPE_INBOX_SWEEP_SECONDS * 1000;
    if (every === 0) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn({ err: error }, 'Stripe inbox sweep failed'));
    }, every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Queues stale unprocessed events again; returns how many. */
  async sweep(): Promise<number> {
    const staleAfter = `${this.config.STRIPE_INBOX_STALE_SECONDS} seconds`;
    const stale = await staleEvents(this.dataSource, MAX_ATTEMPTS, staleAfter, BATCH);
    for (const event of stale) {
      await this.events.add(
        'process-stripe-event',
        { eventId: event.id },
        { jobId: `${stripeEventJobId(event.id)}-sweep-${event.attempts}` },
      );
    }
    if (stale.length > 0) this.logger.warn({ count: stale.length }, 'Re-queued unprocessed Stripe events');
    return stale.length;
  }
}
