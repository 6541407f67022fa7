import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Notice } from '../../ui/Notice';
import { type Campaign, onDateAt, readableSubject } from '../shared/campaign';
import { useAudiences } from '../shared/queries';
import { describeCron } from '../shared/recurrence';
import { RepeatForm } from './RepeatForm';
import { ScheduleForm } from './ScheduleForm';
import { SendNow } from './SendNow';
import { useSaveCampaign } from './useSaveCampaign';

type When = 'now' | 'later' | 'repeat';

const CHOICES: { value: When; label: string; hint: string }[] = [
  { value: 'now', label: 'Send now', hint: 'It starts going out as soon as you confirm.' },
  { value: 'later', label: 'Send at a date and time', hint: 'Once, at the time you choose.' },
  {
    value: 'repeat',
    label: 'Send again and again',
    hint: 'For example every Monday at 09:00, each time to the audience as it is then.',
  },
];

/** Step 5: send now, schedule once, or repeat; and undo a schedule. */
export function SendStep({ campaign }: { campaign: Campaign }) {
  const [when, setWhen] = useState<When>(campaign.cron ? 'repeat' : campaign.scheduledAt ? 'later' : 'now');
  const [done, setDone] = useState<string | null>(null);
  const audiences = useAudiences();
  const audience = audiences.data?.items.find((candidate) => candidate.id === campaign.segmentId);
  const unschedule = useSaveCampaign(campaign.id);

  return (
    <div className="panel narrow">
      <h2>Schedule or send</h2>
      {done && (
        <Notice kind="success">
          {done} <Link to="/emails?status=scheduled">See scheduled emails</Link>
        </Notice>
      )}
      {campaign.status === 'scheduled' && !done && (
        <Notice>
          {campaign.cron
            ? `This email repeats: ${describeCron(campaign.cron)} (UK time).`
            : `This email is scheduled for ${onDateAt(campaign.scheduledAt ?? '')}, UK time.`}{' '}
          <button
            type="button"
            disabled={unschedule.isPending}
            onClick={() =>
              unschedule.mutate({ scheduledAt: null, cron: null }, { onSuccess: () => setDone(null) })
            }
          >
            Unschedule and keep as a draft
          </button>
        </Notice>
      )}
      <dl className="summary-list">
        <dt>Subject</dt>
        <dd>{readableSubject(campaign.subject)}</dd>
        <dt>From</dt>
        <dd>{campaign.fromName ?? 'The organisation’s name'}</dd>
        <dt>Audience</dt>
        <dd>{audience?.name ?? '…'}</dd>
        <dt>Tracking</dt>
        <dd>
          {campaign.tracking.opens || campaign.tracking.clicks ? 'Opens and clicks tracked' : 'Not tracked'}
        </dd>
      </dl>
      <fieldset>
        <legend>When should it go?</legend>
        {CHOICES.map((choice) => (
          <label key={choice.value} className="choice">
            <input
              type="radio"
              name="when"
              value={choice.value}
              checked={when === choice.value}
              onChange={() => {
                setWhen(choice.value);
                setDone(null);
              }}
            />
            <span>
              <strong>{choice.label}</strong>
              <span className="hint"> {choice.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {when === 'now' && <SendNow campaign={campaign} audience={audience} />}
      {when === 'later' && (
        <ScheduleForm
          campaign={campaign}
          onScheduled={(at) => setDone(`Scheduled. “${campaign.name}” goes on ${onDateAt(at)}, UK time.`)}
        />
      )}
      {when === 'repeat' && (
        <RepeatForm
          campaign={campaign}
          onSaved={(description) =>
            setDone(
              `Saved. “${campaign.name}” goes ${description.charAt(0).toLowerCase()}${description.slice(1)}, UK time.`,
            )
          }
        />
      )}
    </div>
  );
}
