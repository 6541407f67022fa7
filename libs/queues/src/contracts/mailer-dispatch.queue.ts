import { z } from 'zod';
import { RETRY_WITH_BACKOFF } from '../job-options';
import { defineQueue } from '../queue-contract';

/** Campaign dispatch inside the mailer, and erasures and merges it must apply to its own tables. */
export const mailerDispatchQueue = defineQueue({
  name: 'mailer-dispatch',
  jobs: {
    /** jobId `start-<campaignId>`: freeze recipients and plan batches. */
    'start-campaign': z.object({ campaignId: z.uuid() }),
    /** jobId `batch-<campaignId>-<seq>`. */
    'send-batch': z.object({ campaignId: z.uuid(), seq: z.number().int().nonnegative() }),
    /** Fired by the job scheduler `recurring-<campaignId>`: create this run's instance and start it. */
    'run-recurring-campaign': z.object({ campaignId: z.uuid() }),
    /** A supporter was erased: drop their address from the mailer's records. */
    'forget-supporter': z.object({ supporterId: z.uuid(), emailNormalised: z.string().nullable() }),
    /**
     * jobId `merge-<mergedId>`: the subscribers app merged the duplicate `mergedId` into `keptId`;
     * move its email history (campaign recipients, email events, transactional messages).
     */
    'merge-supporter': z.object({ keptId: z.uuid(), mergedId: z.uuid() }),
  },
  defaultJobOptions: RETRY_WITH_BACKOFF,
});
