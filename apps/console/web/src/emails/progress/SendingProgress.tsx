import { count } from '../../format';
import type { Campaign } from '../shared/campaign';
import { when } from './when';

/** How far a send has got: a bar of sent against everyone, the current rate and the expected finish. */
export function SendingProgress({ email }: { email: Campaign }) {
  const { total, sent } = email.counts;
  // Until the audience is frozen into the send list there is nobody to count yet.
  const preparing = total === 0;
  return (
    <div className="progress-block">
      <label htmlFor="sending-progress">
        {preparing
          ? 'Preparing the list of recipients'
          : `Sent to ${count(sent)} of ${count(total)} ${total === 1 ? 'person' : 'people'}`}
      </label>
      <progress
        id="sending-progress"
        max={preparing ? undefined : total}
        value={preparing ? undefined : sent}
      />
      <p className="muted">
        {email.ratePerMinute
          ? `About ${count(Math.round(email.ratePerMinute))} emails a minute. `
          : 'Starting… '}
        {email.eta && `Should finish around ${when(email.eta)} (UK time). `}
        You can leave this page: sending carries on.
      </p>
    </div>
  );
}
