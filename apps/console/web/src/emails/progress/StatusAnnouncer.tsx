import { useEffect, useRef, useState } from 'react';
import type { CampaignStatus } from '../shared/campaign';

const CHANGED_TO: Partial<Record<CampaignStatus, string>> = {
  sending: 'The email has started sending.',
  sent: 'The email has finished sending.',
  cancelled: 'Sending was cancelled.',
  failed: 'Sending stopped because of an error.',
};

/**
 * Tells screen-reader users when the status changes while they are on the page (the figures update
 * every second or two, too often to be read out).
 */
export function StatusAnnouncer({ status }: { status: CampaignStatus }) {
  const previous = useRef(status);
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (previous.current !== status) setMessage(CHANGED_TO[status] ?? '');
    previous.current = status;
  }, [status]);
  return (
    <p className="visually-hidden" role="status">
      {message}
    </p>
  );
}
