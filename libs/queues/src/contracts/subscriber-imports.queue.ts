import { z } from 'zod';
import { RETRY_WITH_BACKOFF } from '../job-options';
import { defineQueue } from '../queue-contract';

/** Long-running CSV imports, kept apart so they never delay donor and feedback facts. */
export const subscriberImportsQueue = defineQueue({
  name: 'subscriber-imports',
  jobs: {
    /** jobId `import-<importId>`. */
    'import-supporters': z.object({ importId: z.uuid() }),
  },
  defaultJobOptions: { ...RETRY_WITH_BACKOFF, attempts: 3 },
});
