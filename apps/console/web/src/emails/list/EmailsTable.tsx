import { Link } from 'react-router-dom';
import { count, date, dateTime, percent } from '../../format';
import { Table } from '../../ui/Table';
import { campaignPath, type CampaignSummary, onDateAt, readableSubject } from '../shared/campaign';
import { describeCron } from '../shared/recurrence';
import { statusWords } from './status-words';
import './status-words.css';

/** When an email went, goes or was made, in a few words. */
function when(campaign: CampaignSummary): string {
  switch (campaign.status) {
    case 'scheduled':
      if (campaign.cron) return describeCron(campaign.cron);
      return campaign.scheduledAt ? `Goes ${onDateAt(campaign.scheduledAt)}` : '';
    case 'sending':
      return campaign.startedAt ? `Started ${dateTime(campaign.startedAt)}` : '';
    case 'sent':
      return `Sent ${date(campaign.startedAt ?? campaign.finishedAt)}`;
    case 'cancelled':
      return campaign.finishedAt ? `Cancelled ${date(campaign.finishedAt)}` : '';
    case 'failed':
      return campaign.finishedAt ? `Failed ${date(campaign.finishedAt)}` : '';
    default:
      return `Created ${date(campaign.createdAt)}`;
  }
}

/** A count and its share of those sent: "46 (23.1%)"; a dash before anything went. */
function ofSent(value: number, sent: number, tracked: boolean): string {
  if (!tracked) return 'Not tracked';
  if (sent === 0) return '–';
  return `${count(value)} (${percent(value / sent)})`;
}

export function EmailsTable({
  caption,
  rows,
  audienceNames,
  canWrite,
}: {
  caption: string;
  rows: CampaignSummary[];
  audienceNames: ReadonlyMap<string, string>;
  canWrite: boolean;
}) {
  return (
    <Table
      caption={caption}
      columns={[
        'Email',
        'Audience',
        'Status',
        { label: 'Sent', number: true },
        { label: 'Opened', number: true },
        { label: 'Clicked', number: true },
        { label: 'Report', hidden: true },
      ]}
    >
      {rows.map((campaign) => {
        const sent = campaign.counts.sent;
        const status = statusWords(campaign);
        return (
          <tr key={campaign.id}>
            <td className="wrap">
              <Link to={campaignPath(campaign, canWrite)}>{campaign.name}</Link>
              <div className="muted email-subject">{readableSubject(campaign.subject)}</div>
              {campaign.parentCampaignId && (
                <div className="muted email-subject">One run of a repeating email</div>
              )}
            </td>
            <td className="wrap">{audienceNames.get(campaign.segmentId) ?? '–'}</td>
            <td>
              <span className={status.className}>{status.label}</span>
              <div className="muted">{when(campaign)}</div>
            </td>
            <td className="number">{sent === 0 ? '–' : count(sent)}</td>
            <td className="number">{ofSent(campaign.counts.opened, sent, campaign.tracking.opens)}</td>
            <td className="number">{ofSent(campaign.counts.clicked, sent, campaign.tracking.clicks)}</td>
            <td>
              {campaign.status === 'sent' && (
                <Link to={`/emails/${campaign.id}/report`}>
                  Report<span className="visually-hidden"> on {campaign.name}</span>
                </Link>
              )}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
