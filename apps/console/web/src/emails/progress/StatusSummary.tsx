import { Link } from 'react-router-dom';
import { count } from '../../format';
import { Notice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { describeCron } from '../shared/recurrence';
import { onDay } from './when';

/** Where an email stands when it is not sending: one sentence, and where to go next. */
export function StatusSummary({ email, canWrite }: { email: Campaign; canWrite: boolean }) {
  const { sent, total } = email.counts;
  const finished = email.finishedAt ? ` ${onDay(email.finishedAt)}` : '';
  switch (email.status) {
    case 'draft':
      return (
        <Notice kind="info">
          This email is a draft: it has not been sent.{' '}
          {canWrite && <Link to={`/emails/${email.id}/edit`}>Finish and send it</Link>}
        </Notice>
      );
    case 'scheduled':
      return (
        <Notice kind="info">
          {email.scheduledAt
            ? `Scheduled to go out ${onDay(email.scheduledAt)} (UK time).`
            : `${email.cron ? describeCron(email.cron) : 'Repeats on a schedule'}, each time to the audience as it is then.`}{' '}
          {canWrite && <Link to={`/emails/${email.id}/edit`}>Change it</Link>}
        </Notice>
      );
    case 'sending':
      return null;
    case 'sent':
      return (
        <Notice kind="success">
          Sent{finished} to {count(sent)} of {count(total)} {total === 1 ? 'person' : 'people'}.{' '}
          <Link to={`/emails/${email.id}/report`}>See what it achieved</Link>
        </Notice>
      );
    case 'cancelled':
      return (
        <Notice kind="warning">
          Cancelled{finished}, after sending to {count(sent)} of {count(total)} people.{' '}
          {sent > 0 && <Link to={`/emails/${email.id}/report`}>See the report</Link>}
        </Notice>
      );
    case 'failed':
      return (
        <Notice kind="error">
          Sending stopped because of an error{finished}, after sending to {count(sent)} of {count(total)}{' '}
          people. <Link to={`/emails/${email.id}/report`}>See the report</Link>
        </Notice>
      );
  }
}
