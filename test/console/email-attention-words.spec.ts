import {
  failedWords,
  refusalReasons,
  uncertainWords,
} from '../../apps/console/web/src/emails/progress/attention-words';
import { readableReason } from '../../apps/console/web/src/emails/progress/failure-reason';
import type { Campaign } from '../../apps/console/web/src/emails/shared/campaign';

/**
 * The progress page's words for batches that need a person (the browser suite sees a refused batch;
 * the uncertain ones, which need a SendGrid timeout and a grace period, are pinned here).
 */
const NOW = new Date('2026-12-06T14:00:00Z');

function campaign(overrides: {
  status?: Campaign['status'];
  attention?: Partial<Campaign['attention']>;
  uncertain?: number[];
  failed?: { failed: number; reason: string | null }[];
}): Campaign {
  return {
    status: overrides.status ?? 'sending',
    attention: {
      uncertainRecipients: 0,
      canResendUncertainNow: false,
      resendUncertainFrom: null,
      failedRecipients: 0,
      canRetryFailedNow: false,
      ...overrides.attention,
    },
    uncertainBatches: (overrides.uncertain ?? []).map((unconfirmed, seq) => ({
      seq,
      recipientCount: 200,
      unconfirmed,
      reason: 'timeout',
      since: NOW.toISOString(),
      resendableAt: NOW.toISOString(),
      resendableNow: false,
    })),
    failedBatches: (overrides.failed ?? []).map((batch, seq) => ({
      seq,
      recipientCount: 200,
      since: NOW.toISOString(),
      retryableNow: true,
      ...batch,
    })),
  } as Campaign;
}

describe('words for uncertain batches', () => {
  it('says how long to wait, in UK time, and offers no button before then', () => {
    const email = campaign({
      uncertain: [200, 200, 0],
      attention: { uncertainRecipients: 400, resendUncertainFrom: '2026-12-06T14:35:00Z' },
    });
    expect(uncertainWords(email, true, NOW)).toEqual({
      text: 'We could not tell whether SendGrid accepted the email for 400 people. To avoid emailing anyone twice, wait until 14:35, then resend them.',
      button: null,
    });
  });

  it('gives the date as well when the wait ends another day (BST in summer)', () => {
    const email = campaign({
      uncertain: [1],
      attention: { uncertainRecipients: 1, resendUncertainFrom: '2026-07-01T08:05:00Z' },
    });
    expect(uncertainWords(email, true, NOW)?.text).toContain(
      'wait until 01/07/2026 at 09:05, then resend them.',
    );
  });

  it('offers the resend once the wait is over, and only to those who may act', () => {
    const email = campaign({
      uncertain: [380],
      attention: { uncertainRecipients: 380, canResendUncertainNow: true },
    });
    expect(uncertainWords(email, true, NOW)?.button).toBe('Resend to 380 people');
    const forViewer = uncertainWords(email, false, NOW);
    expect(forViewer?.button).toBeNull();
    expect(forViewer?.text).toMatch(/Communications staff or an admin can do this\.$/);
  });

  it('says nothing once SendGrid confirmed everyone, and no resend after a cancel', () => {
    expect(uncertainWords(campaign({ uncertain: [0] }), true, NOW)).toBeNull();
    const cancelled = campaign({
      status: 'cancelled',
      uncertain: [5],
      attention: { uncertainRecipients: 5 },
    });
    expect(uncertainWords(cancelled, true, NOW)).toEqual({
      text: 'We could not tell whether SendGrid accepted the email for 5 people. The email was cancelled, so they will not be resent.',
      button: null,
    });
  });
});

describe('words for refused batches', () => {
  it('explains that nobody in them was emailed and offers a retry', () => {
    const email = campaign({
      failed: [
        { failed: 200, reason: 'SendGrid rejected the request (400): {"errors":[{"message":"Bad sender"}]}' },
        { failed: 1, reason: 'SendGrid rejected the request (400): {"errors":[{"message":"Bad sender"}]}' },
      ],
      attention: { failedRecipients: 201, canRetryFailedNow: true },
    });
    expect(failedWords(email, true)).toEqual({
      text: 'SendGrid refused the email for 201 people, so they have not been emailed. Retrying is safe.',
      button: 'Retry sending to 201 people',
    });
    expect(failedWords(email, false)?.button).toBeNull();
    expect(refusalReasons(email)).toEqual(['Bad sender']);
  });

  it('offers no retry for a cancelled email', () => {
    const email = campaign({
      status: 'cancelled',
      failed: [{ failed: 2, reason: null }],
      attention: { failedRecipients: 2 },
    });
    expect(failedWords(email, true)).toEqual({
      text: 'SendGrid refused the email for 2 people, so they have not been emailed. The email was cancelled, so they will not be retried.',
      button: null,
    });
  });
});

describe('readableReason', () => {
  it('keeps SendGrid’s messages and drops the JSON around them', () => {
    expect(
      readableReason(
        'SendGrid rejected the request (400): {"errors":[{"message":"One"},{"message":"Two"},{"field":"x"}]}',
      ),
    ).toBe('One; Two');
  });

  it('keeps a reason it cannot read as it is', () => {
    expect(readableReason('SendGrid rejected the request (413)')).toBe('SendGrid rejected the request (413)');
    expect(readableReason('broken {json')).toBe('broken {json');
    expect(readableReason('{"errors":[]}')).toBe('{"errors":[]}');
  });
});
