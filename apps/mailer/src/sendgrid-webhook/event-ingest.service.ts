import { InjectProducer, QueueProducer, subscribersEventsQueue } from '@crm/queues';
import { normaliseEmail } from '@crm/values';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { compactRecipientCounts } from '../campaigns/campaigns.queries';
import { z } from 'zod';
import { feedbackOf, providerMessageId, recipientEffect, type SendGridEvent } from './sendgrid-event';
import {
  advanceRecipients,
  type EventRow,
  storeNewEvents,
  suppressAddresses,
} from './sendgrid-webhook.queries';

export interface IngestResult {
  received: number;
  stored: number;
}

const emailSchema = z.email();
const isEmail = (value: string | undefined): value is string => emailSchema.safeParse(value).success;

/**
 * Stores a webhook batch: each event once (unique `sg_event_id`), matched to its recipient via our
 * custom args; moves recipients forward; suppresses addresses that bounced, complained or
 * unsubscribed; then tells the subscribers app (one job per event id, so a redelivered batch
 * re-adds nothing new). Returns only when all of that is stored, so a failure makes SendGrid retry.
 *
 * SendGrid posts several batches at once, often about the same recipients. Each statement takes its
 * row locks in key order (events by id, recipients by id, addresses in order) and the statements
 * always run in the same order, so two batches never wait on each other in a cycle: they did, and
 * PostgreSQL broke the deadlock by failing one of them with a 500.
 */
@Injectable()
export class EventIngestService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectProducer(subscribersEventsQueue)
    private readonly subscribers: QueueProducer<typeof subscribersEventsQueue>,
  ) {}

  async ingest(events: SendGridEvent[]): Promise<IngestResult> {
    const stored = await this.dataSource.transaction(async (tx) => {
      const inserted = await this.storeEvents(tx, events);
      await this.advanceRecipients(tx, inserted);
      await this.suppress(tx, events);
      return inserted.length;
    });
    await this.tellSubscribers(events);
    for (const campaignId of new Set(events.flatMap((event) => event.campaign_id ?? []))) {
      await compactRecipientCounts(this.dataSource, campaignId);
    }
    return { received: events.length, stored };
  }

  private async storeEvents(tx: EntityManager, events: SendGridEvent[]): Promise<SendGridEvent[]> {
    const rows = events.map((event): EventRow => ({
      provider_event_id: event.sg_event_id,
      type: event.event,
      campaign_id: event.campaign_id,
      recipient_id: event.recipient_id,
      email: event.email === undefined ? null : normaliseEmail(event.email),
      provider_message_id: providerMessageId(event.sg_message_id),
      occurred_at: new Date(event.timestamp * 1_000).toISOString(),
      url: event.event === 'click' ? (event.url ?? null) : null,
      payload: event,
    }));
    const inserted = await storeNewEvents(tx, rows);
    const fresh = new Set(inserted);
    return events.filter((event) => fresh.has(event.sg_event_id));
  }

  private async advanceRecipients(tx: EntityManager, events: SendGridEvent[]): Promise<void> {
    const best = new Map<string, { status: string; rank: number; at: number }>();
    for (const event of events) {
      const effect = recipientEffect(event);
      if (!effect || !event.recipient_id) continue;
      const current = best.get(event.recipient_id);
      best.set(event.recipient_id, {
        status: current && current.rank >= effect.rank ? current.status : effect.status,
        rank: Math.max(current?.rank ?? 0, effect.rank),
        at: Math.max(current?.at ?? 0, event.timestamp),
      });
    }
    if (best.size === 0) return;
    await advanceRecipients(
      tx,
      [...best.entries()].map(([id, effect]) => ({
        id,
        status: effect.status,
        rank: effect.rank,
        at: new Date(effect.at * 1_000).toISOString(),
      })),
    );
  }

  private async suppress(tx: EntityManager, events: SendGridEvent[]): Promise<void> {
    const suppressions = events.flatMap((event) => {
      const feedback = feedbackOf(event);
      return feedback && isEmail(event.email)
        ? [{ email: normaliseEmail(event.email), reason: feedback.suppression }]
        : [];
    });
    if (suppressions.length === 0) return;
    await suppressAddresses(tx, suppressions);
  }

  private async tellSubscribers(events: SendGridEvent[]): Promise<void> {
    for (const event of events) {
      const feedback = feedbackOf(event);
      if (!feedback || !isEmail(event.email)) continue;
      await this.subscribers.add(
        'record-mail-feedback',
        {
          email: normaliseEmail(event.email),
          kind: feedback.kind,
          occurredAt: new Date(event.timestamp * 1_000).toISOString(),
          source: `sendgrid:${event.event}`,
        },
        { jobId: `feedback-${event.sg_event_id.replace(/:/g, '_')}` },
      );
    }
  }
}
