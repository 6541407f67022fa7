import { z } from 'zod';
import { RETRY_WITH_BACKOFF } from '../job-options';
import { defineQueue } from '../queue-contract';

/** Work for the donations app: its own Stripe inbox, and facts from the subscribers app. */
export const donationsEventsQueue = defineQueue({
  name: 'donations-events',
  jobs: {
    /** jobId `stripe-<eventId>`: process one stored Stripe event. */
    'process-stripe-event': z.object({ eventId: z.string().min(1).max(255) }),
    /** The subscribers app created or found the supporter for a donation or monthly gift. */
    'link-supporter': z.object({
      supporterId: z.uuid(),
      donationId: z.uuid().optional(),
      recurringDonationId: z.uuid().optional(),
    }),
    /** A supporter was erased: remove personal data beyond what HMRC requires. */
    'forget-supporter': z.object({ supporterId: z.uuid() }),
    /**
     * jobId `merge-<mergedId>`: the subscribers app merged the duplicate `mergedId` into `keptId`;
     * move its gifts, monthly gifts and Gift Aid declarations to the kept record.
     */
    'merge-supporter': z.object({ keptId: z.uuid(), mergedId: z.uuid() }),
  },
  defaultJobOptions: RETRY_WITH_BACKOFF,
});
