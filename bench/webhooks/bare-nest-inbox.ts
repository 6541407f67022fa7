import 'reflect-metadata';
import { queueKeyPrefix } from '@crm/queues';
import { Controller, HttpCode, Module, Post, type RawBodyRequest, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue, Worker } from 'bullmq';
import type { Request } from 'express';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import Stripe from 'stripe';

export interface BareNestSettings {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  secret: string;
  events: number;
}

/** Into the table the bare server creates (`bare-inbox.ts`), which the bench runs first. */
const INSERT = `INSERT INTO bare_stripe_events (id, type, payload, stripe_created_at)
  VALUES ($1, $2, $3::jsonb, to_timestamp($4)) ON CONFLICT (id) DO NOTHING`;

/**
 * The least the design asks of any Stripe inbox in this stack, with nothing else: a NestJS route
 * (no logging, metrics, guards or pipes) that checks the signature, inserts the event and queues
 * its processing job by event id; a BullMQ worker whose job only queues the two downstream
 * messages (donor, receipt) by id. No donation is written. What the real app is compared with
 * beside the bare `http` server: its floor within the prescribed NestJS + BullMQ architecture.
 */
export async function startBareNestInbox(settings: BareNestSettings): Promise<{
  url: string;
  processed: Promise<void>;
  close(): Promise<void>;
}> {
  const connection = { url: settings.redisUrl, maxRetriesPerRequest: null };
  const prefix = queueKeyPrefix(settings.queuePrefix);
  const queue = (name: string) => new Queue(name, { connection, prefix });
  const [events, donors, receipts] = [queue('bare-events'), queue('bare-donors'), queue('bare-receipts')];
  const pool = new Pool({ connectionString: settings.databaseUrl, max: 10 });

  @Controller('webhooks/stripe')
  class BareStripeController {
    @Post()
    @HttpCode(200)
    async receive(@Req() request: RawBodyRequest<Request>): Promise<{ received: true }> {
      const event = Stripe.webhooks.constructEvent(
        request.rawBody!,
        String(request.headers['stripe-signature']),
        settings.secret,
        300,
      );
      await pool.query(INSERT, [event.id, event.type, request.rawBody!.toString('utf8'), event.created]);
      await events.add('process', { eventId: event.id }, { jobId: `stripe-${event.id}` });
      return { received: true };
    }
  }

  @Module({ controllers: [BareStripeController] })
  class BareNestModule {}

  let done = 0;
  let allProcessed: () => void;
  let jobFailed: (error: Error) => void;
  const processed = new Promise<void>((resolve, reject) => {
    allProcessed = resolve;
    jobFailed = reject;
  });
  const worker = new Worker<{ eventId: string }>(
    'bare-events',
    async (job) => {
      const { eventId } = job.data;
      await Promise.all([
        donors.add('record-donor', { eventId }, { jobId: `donor-${eventId}` }),
        receipts.add('send-email', { eventId }, { jobId: `receipt-${eventId}` }),
      ]);
    },
    { connection, prefix, concurrency: 64 },
  );
  worker.on('failed', (_job, error) => jobFailed(error));
  worker.on('completed', () => {
    done += 1;
    if (done === settings.events) allProcessed();
  });
  const app = await NestFactory.create<NestExpressApplication>(BareNestModule, {
    rawBody: true,
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    processed,
    close: async () => {
      await app.close();
      await worker.close();
      await Promise.all([events.close(), donors.close(), receipts.close()]);
      await pool.end();
    },
  };
}
