import { z } from 'zod';
import { RETRY_WITH_BACKOFF } from '../job-options';
import { defineQueue } from '../queue-contract';

/** Gifts CSV imports of the donations app, kept apart so they never delay Stripe events. */
export const donationImportsQueue = defineQueue({
  name: 'donation-imports',
  jobs: {
    /** jobId `gifts-import-<importId>`. */
    'import-gifts': z.object({ importId: z.uuid() }),
  },
  defaultJobOptions: { ...RETRY_WITH_BACKOFF, attempts: 3 },
});
