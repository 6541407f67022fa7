import { donationsEventsQueue } from '@crm/queues';
import { InjectProducer, type QueueProducer } from '@crm/queues';
import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { VerifiedStripeEvent } from './stripe-signature';

export const stripeEventJobId = (eventId: string): string => `stripe-${eventId}`;

/**
 * The inbox: a verified event is stored once (its id is the key) and handed to the processing
 * queue under a job id derived from that id. Only when both are done does Stripe get its 200, so a
 * failure here makes Stripe retry; a duplicate is not stored twice and is queued under the same id.
 */
@Injectable()
export class StripeInboxService {
  private readonly logger = new Logger(StripeInboxService.name);

  constructor(
    private readonly dataSource: DataSource,
    @InjectProducer(donationsEventsQueue) private readonly events: QueueProducer<typeof donationsEventsQueue>,
  ) {}

  async receive(event: VerifiedStripeEvent, rawBody: Buffer): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO stripe_events (id, type, payload, stripe_created_at)
         VALUES ($1, $2, $3::jsonb, to_timestamp($4))
         ON CONFLICT (id) DO NOTHING`,
        [event.id, event.type, rawBody.toString('utf8'), event.created],
      );
    } catch (error) {
      this.logger.error({ err: error, eventId: event.id }, 'Could not store Stripe event');
      throw new ServiceUnavailableException('Could not store the event; please retry');
    }
    try {
      await this.events.add(
        'process-stripe-event',
        { eventId: event.id },
        { jobId: stripeEventJobId(event.id) },
      );
    } catch (error) {
      this.logger.error({ err: error, eventId: event.id }, 'Could not queue Stripe event');
      throw new ServiceUnavailableException('Could not queue the event; please retry');
    }
  }
}
