import { Link } from 'react-router-dom';
import { CAMPAIGN_STATUSES, type CampaignStatus, STATUS_LABELS } from '../shared/campaign';

/** Links that filter the list by status; the current one is marked for screen readers too. */
export function StatusTabs({ current }: { current: CampaignStatus | undefined }) {
  const tabs: { status: CampaignStatus | undefined; label: string }[] = [
    { status: undefined, label: 'All' },
    ...CAMPAIGN_STATUSES.map((status) => ({ status, label: STATUS_LABELS[status] })),
  ];
  return (
    <nav aria-label="Show emails by status" className="status-tabs">
      <ul>
        {tabs.map(({ status, label }) => (
          <li key={label}>
            <Link
              to={status ? `/emails?status=${status}` : '/emails'}
              aria-current={status === current ? 'page' : undefined}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
