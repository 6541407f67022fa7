import { waitFor } from '@crm/testing';
import request from 'supertest';
import type { MailerHarness } from './mailer-harness';

export interface CampaignState {
  status: string;
  counts: Record<string, number>;
  batches: Record<string, number>;
  uncertainBatches: { seq: number; unconfirmed: number }[];
}

/**
 * A campaign to some supporters (tagged `newsletter`) on a harness of its own, for tests that need
 * their own mailer settings (batch size, pacing) or a mailer restart, driven through the HTTP API.
 */
export class OwnCampaign {
  private constructor(
    private readonly harness: MailerHarness,
    private readonly comms: string,
    readonly id: string,
  ) {}

  static async create(harness: MailerHarness, name: string, emails: string[]): Promise<OwnCampaign> {
    const comms = await harness.bearer('comms');
    const segmentId = await harness.seedSegment();
    for (const email of emails) await harness.seedSupporter({ email, tags: ['newsletter'] });
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name, subject: 'Hi', html: '<p>Hi</p>', segmentId })
      .expect(201);
    return new OwnCampaign(harness, comms, (created.body as { id: string }).id);
  }

  /** `send`, `retry-failed` or `resend-uncertain`, each answered 202. */
  async post(action: 'send' | 'retry-failed' | 'resend-uncertain'): Promise<void> {
    await request(this.harness.url)
      .post(`/campaigns/${this.id}/${action}`)
      .set('Authorization', this.comms)
      .expect(202);
  }

  async state(): Promise<CampaignState> {
    const response = await request(this.harness.url)
      .get(`/campaigns/${this.id}`)
      .set('Authorization', this.comms);
    return response.body as CampaignState;
  }

  /** The campaign's state once `until` holds (by default: sent). */
  reach(
    until: (state: CampaignState) => boolean = (state) => state.status === 'sent',
  ): Promise<CampaignState> {
    return waitFor(async () => {
      const state = await this.state();
      return until(state) ? state : null;
    });
  }
}
