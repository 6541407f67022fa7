import { InjectProducer, QueueProducer, subscribersEventsQueue } from '@crm/queues';
import { normaliseEmail } from '@crm/values';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  feedbackOf,
  providerMessageId,
  RECIPIENT_RANK,
  recipientEffect,
  type SendGridEvent,
} from './sendgrid-event';

export interface IngestResult {
  received: number;
  stored: number;
}

const emailSchema = z.email();
const isEmail = (value: string | undefined): value is string => emailSchema.safeParse(value).success;

/** The rank of a stored status, as SQL: generated from RECIPIENT_RANK, never from input. */
const RANK_SQL = `CASE r.status ${Object.entries(RECIPIENT_RANK)
  .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
  .join(' ')} ELSE 0 END`;

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
    return { received: events.length, stored };
  }

  private async storeEvents(tx: EntityManager, events: SendGridEvent[]): Promise<SendGridEvent[]> {
    const rows = events.map((event) => ({
      provider_event_id: event.sg_event_id,
      type: event.event,
      campaign_id: event.campaign_id,
      recipient_id: event.recipient_id,
      email: event.email === undefined ? null : normaliseEmail(event.email),
      provider_message_id: providerMessageId(event.sg_message_id),
      occurred_at: new Date(event.timestamp * 1_000).toISOString(),
      payload: event,
    }));
    const inserted = (await tx.query(
      `INSERT INTO email_events (provider_event_id, type, campaign_id, recipient_id, supporter_id, provider_message_id,
                                 occurred_at, payload)
       SELECT e.provider_event_id, e.type, r.campaign_id, r.id, coalesce(r.supporter_id, s.id), e.provider_message_id,
              e.occurred_at, CASE WHEN person.erased_at IS NULL THEN e.payload ELSE '{}'::jsonb END
         FROM jsonb_to_recordset($1::jsonb) AS e(provider_event_id text, type text, campaign_id uuid, recipient_id uuid,
                                                 email text, provider_message_id text, occurred_at timestamptz, payload jsonb)
         LEFT JOIN campaign_recipients r ON r.id = e.recipient_id AND r.campaign_id = e.campaign_id
         LEFT JOIN supporters s ON r.id IS NULL AND s.email_normalised = e.email
         -- An event arriving after its person was erased keeps no address, IP or user agent either.
         LEFT JOIN supporters person ON person.id = coalesce(r.supporter_id, s.id)
        ORDER BY e.provider_event_id
       ON CONFLICT (provider_event_id) DO NOTHING
       RETURNING provider_event_id`,
      [JSON.stringify(rows)],
    )) as { provider_event_id: string }[];
    const fresh = new Set(inserted.map((row) => row.provider_event_id));
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
    const entries = [...best.entries()];
    await tx.query(
      'SELECT 1 FROM campaign_recipients WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE',
      [entries.map(([id]) => id)],
    );
    await tx.query(
      `UPDATE campaign_recipients r
          SET status = CASE WHEN ${RANK_SQL} < u.rank THEN u.status ELSE r.status END,
              last_event_at = greatest(r.last_event_at, u.at)
         FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[]) AS u(id, status, rank, at)
        WHERE r.id = u.id`,
      [
        entries.map(([id]) => id),
        entries.map(([, effect]) => effect.status),
        entries.map(([, effect]) => effect.rank),
        entries.map(([, effect]) => new Date(effect.at * 1_000).toISOString()),
      ],
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
    await tx.query(
      `INSERT INTO suppressions (email_normalised, reason, source)
       SELECT DISTINCT ON (email) email, reason, 'sendgrid' FROM unnest($1::text[], $2::text[]) AS u(email, reason)
        ORDER BY email
       ON CONFLICT (email_normalised) DO NOTHING`,
      [suppressions.map((s) => s.email), suppressions.map((s) => s.reason)],
    );
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
