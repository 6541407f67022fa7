import { money, plural } from '../../format';
import type { FollowingDonations } from './report';

/** Gifts from people who received the email, within the window after it reached them: one figure per currency. */
export function DonationsFollowing({ totals, days }: { totals: FollowingDonations[]; days: number }) {
  const window = plural(days, 'day');
  if (totals.length === 0) {
    return (
      <p className="empty">No gifts yet from people who received this email, in the {window} after it.</p>
    );
  }
  return (
    <>
      <p>Gifts from people who received this email, made in the {window} after it reached them.</p>
      <div className="figures">
        {totals.map((total) => (
          <div className="figure" key={total.currency}>
            <p className="figure-label">
              Total given{totals.length > 1 ? ` in ${total.currency.toUpperCase()}` : ''}
            </p>
            <p className="figure-value">{money(total.amount, total.currency)}</p>
            <p className="figure-detail">
              {plural(total.count, 'gift')} from {plural(total.donors, 'person', 'people')}, net of refunds
            </p>
          </div>
        ))}
      </div>
    </>
  );
}
