import { marketingFromMetadata, marketingWordingOf } from './marketing-metadata';

describe('the donor’s marketing choice carried by a completed checkout', () => {
  it('reads a ticked box as consent, with the words the donate page showed', () => {
    const choice = marketingFromMetadata({
      marketing_consent: 'yes',
      marketing_wording: 'donate-page-2026-1',
    });
    expect(choice).toEqual({ choice: 'consent', version: 'donate-page-2026-1' });
    expect(marketingWordingOf(choice!, 'Friends of the Park')).toBe(
      "Yes, email me news about Friends of the Park's work, campaigns and appeals. I can unsubscribe at any time.",
    );
  });

  it('reads the soft opt-in notice left alone as soft opt-in, and its opt-out box ticked as opted out', () => {
    const offered = marketingFromMetadata({ soft_opt_in: 'offered' })!;
    expect(offered.choice).toBe('soft_opt_in');
    expect(marketingWordingOf(offered, 'Friends of the Park')).toContain(
      "Friends of the Park's own appeals and campaigns",
    );
    const declined = marketingFromMetadata({ soft_opt_in: 'declined' })!;
    expect(declined.choice).toBe('opted_out');
    expect(marketingWordingOf(declined, 'Friends of the Park')).toContain('Ticked: "No thanks');
  });

  it('carries nothing for a checkout that did not come from the donate page', () => {
    expect(marketingFromMetadata({ amount: '1000' })).toBeNull();
    expect(marketingFromMetadata(null)).toBeNull();
  });
});
