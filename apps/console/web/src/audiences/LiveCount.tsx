import { Link } from 'react-router-dom';
import { count, personName, plural } from '../format';
import { ErrorNotice } from '../ui/Notice';
import { useLivePreview } from './queries';
import type { Rule } from './rule-model';

/** "1,234 people, 1,100 can be emailed", kept current as the rules change, with some of them by name. */
export function LiveCount({ rule }: { rule: Rule | null }) {
  const preview = useLivePreview(rule);
  const data = rule ? preview.data : undefined;
  return (
    <aside className="live-count panel" aria-labelledby="live-count-title">
      <h2 id="live-count-title">Who this is</h2>
      <p className="live-figure" role="status" aria-live="polite">
        {!rule
          ? 'Finish the conditions to see how many people match.'
          : data
            ? `${plural(data.count, 'person', 'people')}, ${count(data.mailable)} can be emailed`
            : 'Counting…'}
        {rule && data && preview.isFetching && <span className="muted"> (updating…)</span>}
      </p>
      {rule && <ErrorNotice error={preview.error} />}
      {data && data.count > data.mailable && (
        <p className="hint">
          The others have not subscribed to the newsletter, have unsubscribed, or their address bounces or is
          suppressed.
        </p>
      )}
      {data && data.sample.length > 0 && (
        <>
          <h3>Some of them</h3>
          <ul className="sample">
            {data.sample.slice(0, 10).map((member) => (
              <li key={member.id}>
                <Link to={`/supporters/${member.id}`}>
                  {personName(member.firstName, member.lastName, member.email ?? 'Erased supporter')}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
