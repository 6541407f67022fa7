import { Link, useParams } from 'react-router-dom';
import { ErrorNotice, Loading, Notice } from '../../ui/Notice';
import { PageHeader } from '../../ui/PageHeader';
import { useLiveCampaign } from '../progress/campaign';
import { onDay, when } from '../progress/when';
import { type Campaign, readableSubject } from '../shared/campaign';
import { DonationsFollowing } from './DonationsFollowing';
import { EngagedPeople } from './EngagedPeople';
import { LinkClicksTable } from './LinkClicksTable';
import { useReport } from './report';
import { ReportFigures } from './ReportFigures';

/** What one email achieved: what happened to it, which links were clicked, who engaged, what was given after. */
export default function EmailReport() {
  const { id = '' } = useParams();
  const campaign = useLiveCampaign(id);
  const report = useReport(id);
  if (campaign.isPending || report.isPending) return <Loading what="Opening the report" />;
  if (!campaign.data || !report.data) {
    return (
      <>
        <PageHeader title="Email report" />
        <ErrorNotice error={campaign.error ?? report.error} />
        <Link to="/emails">Back to emails</Link>
      </>
    );
  }
  const email = campaign.data;
  const { counts, links, donationsFollowing, donationWindowDays } = report.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/emails">Emails</Link>
      </p>
      <PageHeader title={`Report: ${email.name}`}>
        <Link className="button" to={`/emails/${email.id}`}>
          Sending progress
        </Link>
      </PageHeader>
      <p className="lede">
        Subject “{readableSubject(email.subject)}”. <SentWhen email={email} />
      </p>
      {counts.sent === 0 && (
        <Notice kind="info">
          Nothing has been sent yet, so there is nothing to report. The figures fill in as the email goes out
          and people open it.
        </Notice>
      )}
      <section aria-labelledby="outcomes-title">
        <h2 id="outcomes-title">What happened</h2>
        {!email.tracking.opens && (
          <p className="muted">Open tracking was off for this email: opens count only people who clicked.</p>
        )}
        <ReportFigures counts={counts} />
      </section>
      <section aria-labelledby="links-title">
        <h2 id="links-title">Clicks per link</h2>
        <LinkClicksTable links={links} tracked={email.tracking.clicks} />
      </section>
      <section aria-labelledby="people-title" className="panel">
        <h2 id="people-title">People who opened or clicked</h2>
        <EngagedPeople campaignId={email.id} counts={counts} />
      </section>
      <section aria-labelledby="donations-title">
        <h2 id="donations-title">Donations that followed</h2>
        <DonationsFollowing totals={donationsFollowing} days={donationWindowDays} />
      </section>
    </>
  );
}

function SentWhen({ email }: { email: Campaign }) {
  if (email.finishedAt) return <>Sent {onDay(email.finishedAt)}.</>;
  if (email.startedAt) return <>Sending since {when(email.startedAt)}.</>;
  return <>Not sent yet.</>;
}
