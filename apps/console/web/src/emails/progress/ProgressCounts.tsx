import { count } from '../../format';
import type { Campaign } from '../shared/campaign';

/** Everyone the email is for, by how far they got; a state nobody is in is left out, except sent. */
export function ProgressCounts({ counts }: { counts: Campaign['counts'] }) {
  const rows: { label: string; value: number; always?: boolean }[] = [
    { label: 'Sent', value: counts.sent, always: true },
    { label: 'Waiting to send', value: counts.queued },
    { label: 'Not yet confirmed', value: counts.uncertain },
    { label: 'Refused by SendGrid', value: counts.failed },
    { label: 'Skipped (could no longer be emailed)', value: counts.skipped },
  ];
  return (
    <dl className="counts progress-counts">
      {rows
        .filter((row) => row.always || row.value > 0)
        .map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd>{count(row.value)}</dd>
          </div>
        ))}
    </dl>
  );
}
