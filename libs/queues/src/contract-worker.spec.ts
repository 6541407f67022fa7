import { TEST_REDIS_URL, deleteQueueKeys, randomSuffix, waitFor } from '@crm/testing';
import { type Job, Queue, Worker } from 'bullmq';
import { z } from 'zod';
import { ContractWorker, type JobHandlers } from './contract-worker';
import { defineQueue } from './queue-contract';
import { QueueProducer } from './queue-producer';
import { queueKeyPrefix, redisOptionsFromUrl } from './redis-options';

const greetingsQueue = defineQueue({
  name: `greetings-${randomSuffix()}`,
  jobs: {
    greet: z.object({ name: z.string().min(1) }),
    wave: z.object({ times: z.number().int().positive() }),
  },
  defaultJobOptions: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10, jitter: 0.5 },
    removeOnFail: false,
  },
});

class GreetingsWorker extends ContractWorker<typeof greetingsQueue> {
  readonly greeted: string[] = [];
  protected readonly contract = greetingsQueue;
  protected readonly handlers: JobHandlers<typeof greetingsQueue> = {
    greet: async ({ name }) => this.greeted.push(name),
    wave: async () => undefined,
  };
}

class HalfWorker extends ContractWorker<typeof greetingsQueue> {
  protected readonly contract = greetingsQueue;
  protected readonly handlers = { greet: async () => undefined } as unknown as JobHandlers<
    typeof greetingsQueue
  >;
}

describe('queue contracts over real Redis', () => {
  const prefix = queueKeyPrefix(`test-${randomSuffix()}`);
  const connection = redisOptionsFromUrl(TEST_REDIS_URL);
  const queue = new Queue(greetingsQueue.name, {
    connection,
    prefix,
    defaultJobOptions: greetingsQueue.defaultJobOptions,
  });
  const producer = new QueueProducer(greetingsQueue, queue);
  const host = new GreetingsWorker();
  const worker = new Worker(greetingsQueue.name, (job: Job) => host.process(job), { connection, prefix });

  afterAll(async () => {
    await worker.close();
    await queue.close();
    await deleteQueueKeys(prefix.slice(1, -1));
  });

  it('refuses to boot a consumer that lacks a handler for a job name', () => {
    expect(() => new HalfWorker().onModuleInit()).toThrow(/no handler for job\(s\) wave/);
    expect(() => host.onModuleInit()).not.toThrow();
  });

  it('refuses to produce a payload that breaks the contract', async () => {
    await expect(producer.add('greet', { name: '' })).rejects.toThrow();
    expect(await queue.count()).toBe(0);
  });

  it('delivers a job once per job id, however often it is added', async () => {
    await producer.add('greet', { name: 'Ada' }, { jobId: 'greet-ada' });
    await producer.add('greet', { name: 'Ada' }, { jobId: 'greet-ada' });
    await waitFor(async () => (await queue.getJob('greet-ada'))?.finishedOn, { what: 'greet-ada to finish' });
    expect(host.greeted).toEqual(['Ada']);
  });

  it('fails a malformed payload at once, without retries, and keeps it for inspection', async () => {
    await queue.add('greet', { name: 42 }, { jobId: 'bad-payload' });
    const failed = await waitFor(async () => {
      const job = await queue.getJob('bad-payload');
      return job?.failedReason ? job : null;
    });
    expect(failed.failedReason).toBe('Invalid payload for greet: name');
    expect(failed.attemptsMade).toBe(1);
  });
});
