import { Link } from 'react-router-dom';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { count, money } from '../format';
import { ErrorNotice, Notice } from '../ui/Notice';
import { useEligibleSummary } from './queries';
import { timeLimitWords } from './words';

/**
 * What could be claimed from HMRC today: the gifts, what they total and the Gift Aid on them; when
 * the oldest must be claimed by, and what HMRC's 4-year time limit has already taken.
 */
export function ReadyToClaim() {
  const staff = useStaff();
  const summary = useEligibleSummary();
  const data = summary.data;
  const limit = data ? timeLimitWords(data) : null;
  const shown = (value: (ready: NonNullable<typeof data>) => string) => (data ? value(data) : '–');
  return (
    <section aria-labelledby="ready-title">
      <h2 id="ready-title">Ready to claim</h2>
      <ErrorNotice error={summary.error} />
      <div className="figures">
        <div className="figure">
          <h3 className="figure-label">Gifts with a valid declaration</h3>
          <p className="figure-value">{shown((ready) => count(ready.count))}</p>
        </div>
        <div className="figure">
          <h3 className="figure-label">They total</h3>
          <p className="figure-value">{shown((ready) => money(ready.totalAmount, ready.currency))}</p>
        </div>
        <div className="figure">
          <h3 className="figure-label">Gift Aid to claim (25%)</h3>
          <p className="figure-value">{shown((ready) => money(ready.giftAidAmount, ready.currency))}</p>
        </div>
      </div>
      {data && data.count === 0 && (
        <p className="muted ready-note">
          Nothing to claim yet. Gifts appear here once a Gift Aid declaration covers them, and oral
          declarations once their written confirmation has been sent.
        </p>
      )}
      {limit?.claimBy && <p className="ready-note">{limit.claimBy}</p>}
      {limit &&
        (limit.anyLost ? (
          <Notice kind="warning">{limit.lost}</Notice>
        ) : (
          <p className="muted ready-note">{limit.lost}</p>
        ))}
      {data && data.count > 0 && can(staff.role, 'donations:write') && (
        <div className="actions">
          <Link className="button primary" to="/gift-aid/claims/new">
            Start a claim
          </Link>
        </div>
      )}
    </section>
  );
}
