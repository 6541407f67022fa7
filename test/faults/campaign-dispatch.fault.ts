import { APP_NAMES, waitFor } from '@crm/testing';
import { CampaignDispatch } from './support/campaign-dispatch';
import { FaultSystem, LONG } from './support/fault-system';
import { reportTally } from './support/tally';

const RECIPIENTS = LONG ? 100_000 : 10_000;
/** Paced so the dispatch lasts long enough for the faults to land mid-send (~50 s long, ~10 s short). */
const SEND_RATE = LONG ? 2_000 : 1_000;
const KILL_ROUNDS = LONG ? 5 : 2;
const SENDGRID_OUTAGE_MS = LONG ? 60_000 : 5_000;
const REDIS_OUTAGE_MS = LONG ? 10_000 : 3_000;
const SETTLE_MS = LONG ? 900_000 : 150_000;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A campaign dispatch through faults. However it is interrupted, nobody is emailed twice and every
 * eligible recipient is either accepted by SendGrid or reported uncertain.
 */
describe('campaign dispatch under faults', () => {
  let system: FaultSystem;

  beforeEach(async () => {
    system = await FaultSystem.start({ MAIL_SEND_RATE: String(SEND_RATE) });
  }, 120_000);
  afterEach(() => system?.stop());

  const underway = async (campaign: CampaignDispatch): Promise<void> => {
    try {
      await waitFor(async () => (await campaign.sentSoFar()) > 0, {
        timeoutMs: 90_000,
        intervalMs: 100,
        what: 'the first batch to be sent',
      });
    } catch (error) {
      const mailerLog = system.apps.mailer.logs.lines.slice(-15).join('\n');
      throw new Error(
        `${String(error)}; ledger ${JSON.stringify(await campaign.ledger())}; mailer log:\n${mailerLog}`,
        { cause: error },
      );
    }
  };

  it(`emails nobody twice when every app is SIGKILLed ${KILL_ROUNDS} times mid-dispatch`, async () => {
    const campaign = await CampaignDispatch.start(system, RECIPIENTS);
    await underway(campaign);
    const sentAtKill: number[] = [];
    for (let round = 0; round < KILL_ROUNDS; round += 1) {
      sentAtKill.push(await campaign.sentSoFar());
      await Promise.all(APP_NAMES.map((app) => system.apps[app].kill()));
      await Promise.all(APP_NAMES.map((app) => system.apps[app].start()));
      await pause(1_500);
    }
    const status = await campaign.settled(SETTLE_MS);
    reportTally(await campaign.tally('sigkill-every-app-mid-dispatch', { status, sentAtKill }));
  });

  it('completes the campaign, nothing doubled, after SendGrid is unreachable for a while', async () => {
    const campaign = await CampaignDispatch.start(system, RECIPIENTS);
    await underway(campaign);
    const sentAtOutage = await campaign.sentSoFar();
    await system.sendgridGate.close();
    await pause(SENDGRID_OUTAGE_MS);
    await system.sendgridGate.open();
    const status = await campaign.settled(SETTLE_MS);
    reportTally(
      await campaign.tally('sendgrid-unreachable-mid-dispatch', {
        status,
        sentAtOutage,
        outageMs: SENDGRID_OUTAGE_MS,
      }),
    );
    expect(status).toBe('sent');
  });

  it('emails nobody twice when Redis is killed and restarted mid-dispatch', async () => {
    const campaign = await CampaignDispatch.start(system, RECIPIENTS);
    await underway(campaign);
    const sentAtRestart = await campaign.sentSoFar();
    await system.redis.restart(REDIS_OUTAGE_MS);
    const status = await campaign.settled(SETTLE_MS);
    reportTally(await campaign.tally('redis-restart-mid-dispatch', { status, sentAtRestart }));
    expect(status).toBe('sent');
  });
});
