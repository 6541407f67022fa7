import { APP_CONFIG } from '@crm/config';
import { withoutNul } from '@crm/values';
import { donationsEventsQueue } from '@crm/queues';
import { InjectProducer, type QueueProducer } from '@crm/queues';
import { BadRequestException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { DonationsConfig } from '../config/donations.config';
import { type BatchOutcome, Batcher } from '../stripe-batching/batcher';
import { ReceivedStripeEvents } from '../stripe-batching/received-events';
import { StripeInboxError } from './stripe-inbox.errors';
import { InvalidWebhookError, type VerifiedStripeEvent, verifyStripeEvent } from './stripe-signature';
import { insertStripeEvents } from './stripe-webhook.queries';

export const stripeEventJobId = (eventId: string): string => `stripe-${eventId}`;

interface InboxEntry {
  event: VerifiedStripeEvent;
  payload: string;
  /** The payload is the body as received (no NUL taken out), so `event` is what processing would read back. */
  asReceived: boolean;
}

/**
 * The event as the inbox keeps it: the body as received, unless it holds a NUL (`\u0000`), which
 * jsonb cannot store; the event (its signature already checked on the exact bytes) is then kept
 * without them, rather than refused and so never recorded.
 */
const inboxEntry = (event: VerifiedStripeEvent, rawBody: Buffer): InboxEntry =>
  rawBody.includes('\\u0000')
    ? { event, payload: JSON.stringify(withoutNul(JSON.parse(rawBody.toString('utf8')))), asReceived: false }
    : { event, payload: rawBody.toString('utf8'), asReceived: true };

/** PostgreSQL answered and refused the statement (e.g. one payload it cannot store), as opposed to being unreachable. */
const refusedByServer = (error: unknown): boolean =>
  error instanceof QueryFailedError && typeof (error.driverError as { code?: unknown }).code === 'string';

/**
 * The inbox: a verified event is stored once (its id is the key) and handed to the processing
 * queue under a job id derived from that id. Only when both are done does Stripe get its 200, so a
 * failure here makes Stripe retry; a duplicate is not stored twice and is queued under the same id.
 *
 * Events arriving at the same moment are inserted by one statement (one round trip and one
 * synchronous commit for all); each request still waits for that commit before its 200. If
 * PostgreSQL refuses the statement, each event is inserted alone so that only the one it cannot
 * store is refused.
 */
@Injectable()
export class StripeInboxService {
  private readonly logger = new Logger(StripeInboxService.name);
  private readonly inbox: Batcher<InboxEntry>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly received: ReceivedStripeEvents,
    @InjectProducer(donationsEventsQueue) private readonly events: QueueProducer<typeof donationsEventsQueue>,
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
  ) {
    this.inbox = new Batcher(
      (entries) => this.store(entries),
      config.STRIPE_INBOX_INSERTS,
      config.STRIPE_INBOX_BATCH,
    );
  }

  /**
   * One delivery of `POST /webhooks/stripe`: the signature checked over the exact bytes received,
   * then the event stored and queued. Resolves once both are done (the 200); throws a 400 for a
   * bad signature or body, a 503 when the event could not be kept or webhooks are not configured.
   */
  async deliver(rawBody: Buffer | undefined, signature: string | undefined): Promise<void> {
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (!secret) {
      throw new ServiceUnavailableException('Stripe webhooks are not configured: set STRIPE_WEBHOOK_SECRET');
    }
    let event;
    try {
      event = verifyStripeEvent(rawBody, signature, secret);
    } catch (error) {
      if (error instanceof InvalidWebhookError) throw new BadRequestException(error.message);
      throw error;
    }
    await this.receive(event, rawBody!);
  }

  async receive(event: VerifiedStripeEvent, rawBody: Buffer): Promise<void> {
    try {
      await this.inbox.submit(inboxEntry(event, rawBody));
    } catch (error) {
      this.logger.error({ err: error, eventId: event.id }, 'Could not store Stripe event');
      throw StripeInboxError.notStored();
    }
    try {
      await this.events.add(
        'process-stripe-event',
        { eventId: event.id },
        { jobId: stripeEventJobId(event.id) },
      );
    } catch (error) {
      this.logger.error({ err: error, eventId: event.id }, 'Could not queue Stripe event');
      throw StripeInboxError.notQueued();
    }
  }

  private async store(entries: InboxEntry[]): Promise<BatchOutcome> {
    try {
      await this.insert(entries);
      return entries.map(() => ({ status: 'fulfilled', value: undefined }));
    } catch (error) {
      if (entries.length === 1 || !refusedByServer(error)) throw error;
      return Promise.allSettled(entries.map((entry) => this.insert([entry])));
    }
  }

  private async insert(entries: InboxEntry[]): Promise<void> {
    const storedNow = await insertStripeEvents(
      this.dataSource,
      entries.map(({ event, payload }) => ({
        id: event.id,
        type: event.type,
        payload,
        created: event.created,
      })),
    );
    // The first entry of an id is the one stored (two deliveries of one event can share a statement).
    for (const { event, asReceived } of entries) {
      if (storedNow.delete(event.id) && asReceived) this.received.keep(event);
    }
  }
}
