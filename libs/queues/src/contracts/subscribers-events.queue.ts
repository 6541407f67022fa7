import { z } from 'zod';
import { RETRY_WITH_BACKOFF } from '../job-options';
import { defineQueue } from '../queue-contract';

/** Facts the subscribers app acts on, sent by the donations and mailer apps. */
export const subscribersEventsQueue = defineQueue({
  name: 'subscribers-events',
  jobs: {
    /** jobId `donor-<donationId>`: a donation was made; create or link its supporter (never consent). */
    'record-donor': z.object({
      email: z.email(),
      name: z.string().max(200).nullable(),
      donationId: z.uuid().optional(),
      recurringDonationId: z.uuid().optional(),
      /**
       * What the donor chose on the donate page, with the words shown: `consent` (ticked the
       * marketing box), `soft_opt_in` (offered the charity soft opt-in's opt-out, not taken) or
       * `opted_out` (took it). Absent when the gift came another way.
       */
      marketing: z
        .object({
          choice: z.enum(['consent', 'soft_opt_in', 'opted_out']),
          wording: z.string().min(1).max(2000),
        })
        .optional(),
    }),
    /** jobId `feedback-<providerEventId>`: a bounce, complaint or unsubscribe reported by the mail provider. */
    'record-mail-feedback': z.object({
      email: z.email(),
      kind: z.enum(['bounced', 'complained', 'unsubscribed']),
      occurredAt: z.iso.datetime(),
      source: z.string().max(100),
    }),
    /**
     * jobId `audience-use-<campaignId>-<version>`: a campaign started or stopped relying on an
     * audience (a scheduled or recurring email uses it). `version` grows with each change of the
     * campaign, so a late job never undoes a newer one.
     */
    'record-audience-use': z.object({
      campaignId: z.uuid(),
      campaignName: z.string().min(1).max(200),
      segmentId: z.uuid(),
      inUse: z.boolean(),
      version: z.number().int().nonnegative(),
    }),
  },
  defaultJobOptions: RETRY_WITH_BACKOFF,
});
