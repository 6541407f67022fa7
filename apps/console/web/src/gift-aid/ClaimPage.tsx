import { Link, useParams } from 'react-router-dom';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { date, money, plural, ukFromIsoDate } from '../format';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { ClaimStatusActions } from './ClaimStatusActions';
import { ScheduleDownloads } from './ScheduleDownloads';
import { useClaim } from './queries';
import { CLAIM_STATUS_LABELS } from './words';
import './gift-aid.css';

/** One claim: what it holds, its schedule, and where it stands at HMRC. */
export default function ClaimPage() {
  const { id = '' } = useParams();
  const staff = useStaff();
  const claim = useClaim(id);
  if (claim.isPending) return <Loading what="Opening the claim" />;
  if (claim.error || !claim.data) {
    return (
      <>
        <PageHeader title="Gift Aid claim" />
        <ErrorNotice error={claim.error} />
        <Link to="/gift-aid">Back to Gift Aid</Link>
      </>
    );
  }
  const found = claim.data;
  const pounds = (amount: number) => money(amount, found.currency);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/gift-aid">Gift Aid</Link>
      </p>
      <PageHeader title={`Gift Aid claim of ${date(found.createdAt)}`} />
      <div className="profile-grid">
        <section aria-labelledby="claim-title" className="panel">
          <h2 id="claim-title">The claim</h2>
          <dl className="details claim-details">
            <dt>Status</dt>
            <dd>{CLAIM_STATUS_LABELS[found.status]}</dd>
            <dt>Gifts</dt>
            <dd>
              {plural(found.donationCount, 'gift')} ({plural(found.lineCount, 'line')} in HMRC’s schedule)
            </dd>
            <dt>Total given</dt>
            <dd>{pounds(found.totalAmount)}</dd>
            <dt>Gift Aid</dt>
            <dd>{pounds(found.giftAidAmount)}</dd>
            <dt>Adjustments</dt>
            <dd>
              {found.adjustmentAmount > 0
                ? `${pounds(found.adjustmentGiftAidAmount)} over-claimed earlier, on ${pounds(found.adjustmentAmount)} of refunded gifts: enter it in the adjustment box of HMRC's claim form`
                : 'None'}
            </dd>
            <dt>HMRC reference</dt>
            <dd>{found.hmrcReference ?? 'Not recorded yet'}</dd>
            <dt>Submitted</dt>
            <dd>{date(found.submittedAt) || 'Not yet'}</dd>
            {found.status === 'draft' && found.submitBy && (
              <>
                <dt>Submit by</dt>
                <dd>{ukFromIsoDate(found.submitBy)}: HMRC&rsquo;s 4-year time limit for its oldest gift</dd>
              </>
            )}
            <dt>Paid</dt>
            <dd>{date(found.paidAt) || 'Not yet'}</dd>
            {found.rejectedAt && (
              <>
                <dt>Rejected</dt>
                <dd>{date(found.rejectedAt)}</dd>
              </>
            )}
          </dl>
          {found.needsAdjustment.length > 0 && (
            <Notice kind="warning">
              {plural(found.needsAdjustment.length, 'gift')} in this claim{' '}
              {found.needsAdjustment.length === 1 ? 'was' : 'were'} refunded or lost its declaration since:
              the next claim repays the Gift Aid on {found.needsAdjustment.length === 1 ? 'it' : 'them'}.
            </Notice>
          )}
        </section>
        <section aria-labelledby="schedule-title" className="panel">
          <h2 id="schedule-title">Schedule for HMRC</h2>
          <p>
            The spreadsheet (.ods) is laid out like HMRC&rsquo;s schedule: copy its rows into HMRC&rsquo;s
            template and submit it through Charities Online.
          </p>
          <ScheduleDownloads claim={found} />
        </section>
        {can(staff.role, 'donations:write') && (
          <section aria-labelledby="hmrc-title" className="panel">
            <h2 id="hmrc-title">At HMRC</h2>
            <ClaimStatusActions claim={found} />
          </section>
        )}
      </div>
    </>
  );
}
