import { count, percent } from '../../format';
import type { ReportCounts } from './report';

type Metric = Exclude<keyof ReportCounts, 'sent'>;

const METRICS: readonly { key: Metric; label: string }[] = [
  { key: 'delivered', label: 'Delivered' },
  { key: 'opened', label: 'Opened' },
  { key: 'clicked', label: 'Clicked a link' },
  { key: 'bounced', label: 'Bounced' },
  { key: 'complained', label: 'Spam reports' },
  { key: 'unsubscribed', label: 'Unsubscribed' },
];

/** What happened to the email: each outcome as people and as a share of those it was sent to. */
export function ReportFigures({ counts }: { counts: ReportCounts }) {
  return (
    <dl className="counts report-figures">
      <div>
        <dt>Sent</dt>
        <dd>{count(counts.sent)}</dd>
        <dd className="rate">people</dd>
      </div>
      {METRICS.map(({ key, label }) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd>{count(counts[key].count)}</dd>
          <dd className="rate">{counts[key].rate === null ? '—' : `${percent(counts[key].rate)} of sent`}</dd>
        </div>
      ))}
    </dl>
  );
}
