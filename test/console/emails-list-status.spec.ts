import type { CampaignSummary } from '../../apps/console/web/src/emails/shared/campaign';
import { statusWords } from '../../apps/console/web/src/emails/list/status-words';

const counts = (uncertain: number, failed: number) =>
  ({ uncertain, failed }) as unknown as CampaignSummary['counts'];

describe('the emails list status', () => {
  it('never says plainly "Sent" when people failed or may not have been reached', () => {
    expect(statusWords({ status: 'sent', counts: counts(3_000, 1_000) })).toEqual({
      label: 'Sent — 4,000 need attention',
      className: 'status status-attention',
    });
    expect(statusWords({ status: 'sent', counts: counts(1, 0) }).label).toBe('Sent — 1 needs attention');
  });

  it('says "Sent" when everyone was reached, and other statuses as they are', () => {
    expect(statusWords({ status: 'sent', counts: counts(0, 0) })).toEqual({
      label: 'Sent',
      className: 'status status-sent',
    });
    expect(statusWords({ status: 'sending', counts: counts(10, 0) }).label).toBe('Sending');
  });
});
