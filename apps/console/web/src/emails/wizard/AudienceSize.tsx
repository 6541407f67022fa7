import { count, plural } from '../../format';
import { ErrorNotice, Loading } from '../../ui/Notice';
import { type Audience, useAudienceSize } from '../shared/queries';

/** "1,100 can be emailed, of 1,234 people in this audience", worked out now. */
export function AudienceSize({ audience }: { audience: Audience }) {
  const size = useAudienceSize(audience);
  if (size.isPending) return <Loading what="Counting the audience" />;
  if (size.error || !size.data) return <ErrorNotice error={size.error} />;
  const { count: people, mailable } = size.data;
  return (
    <div className="audience-size" role="status">
      <p>
        <strong>{count(mailable)} can be emailed</strong>, of {plural(people, 'person', 'people')} in this
        audience.
      </p>
      {mailable < people && (
        <p className="hint">
          The others have not subscribed, have unsubscribed, or their address bounced or is suppressed: they
          get nothing.
        </p>
      )}
    </div>
  );
}
