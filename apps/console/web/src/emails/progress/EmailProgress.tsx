import { Link, useParams } from 'react-router-dom';
import { can } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { ErrorNotice, Loading } from '../../ui/Notice';
import { PageHeader } from '../../ui/PageHeader';
import { AttentionPanel } from './AttentionPanel';
import { readableSubject, STATUS_LABELS } from '../shared/campaign';
import { useLiveCampaign } from './campaign';
import { CancelSending } from './CancelSending';
import { EmailContent } from './EmailContent';
import { ProgressCounts } from './ProgressCounts';
import { SendingProgress } from './SendingProgress';
import { StatusAnnouncer } from './StatusAnnouncer';
import { StatusSummary } from './StatusSummary';

/** One email while it goes out, live; afterwards, where it stands and the way to its report. */
export default function EmailProgress() {
  const { id = '' } = useParams();
  const staff = useStaff();
  const campaign = useLiveCampaign(id);
  if (campaign.isPending) return <Loading what="Opening the email" />;
  if (!campaign.data) {
    return (
      <>
        <PageHeader title="Email" />
        <ErrorNotice error={campaign.error} />
        <Link to="/emails">Back to emails</Link>
      </>
    );
  }
  const email = campaign.data;
  const canWrite = can(staff.role, 'campaigns:write');
  const cancellable = email.status === 'sending' || email.status === 'scheduled';
  const started = email.status !== 'draft' && email.status !== 'scheduled';
  return (
    <>
      <p className="breadcrumb">
        <Link to="/emails">Emails</Link>
      </p>
      <PageHeader title={email.name}>
        {started && (
          <Link className="button" to={`/emails/${email.id}/report`}>
            Report
          </Link>
        )}
        {canWrite && cancellable && <CancelSending email={email} />}
      </PageHeader>
      <p className="lede">
        Subject “{readableSubject(email.subject)}”. Status:{' '}
        <strong className="status">{STATUS_LABELS[email.status]}</strong>
      </p>
      <StatusAnnouncer status={email.status} />
      <StatusSummary email={email} canWrite={canWrite} />
      {/* A refresh that fails keeps the last figures on screen and says why. */}
      {campaign.error && <ErrorNotice error={campaign.error} />}
      {email.status === 'sending' && <SendingProgress email={email} />}
      <AttentionPanel email={email} canAct={canWrite} />
      {started && <ProgressCounts counts={email.counts} />}
      <EmailContent campaignId={email.id} />
    </>
  );
}
