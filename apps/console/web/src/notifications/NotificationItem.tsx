import { Link } from 'react-router-dom';
import { when } from '../emails/progress/when';
import type { Notification } from './notifications';

const KIND_LABELS: Record<Notification['kind'], string> = {
  sent: 'Sent',
  failed: 'Failed',
  needs_attention: 'Needs attention',
};

/** One notification: what happened to which email (a link to it), in plain words, and when. */
export function NotificationItem({
  notification,
  isNew,
  onOpen,
}: {
  notification: Notification;
  isNew: boolean;
  onOpen(): void;
}) {
  return (
    <li className={`notification notification-${notification.kind}${isNew ? ' unread' : ''}`}>
      <Link to={`/emails/${notification.campaignId}`} onClick={onOpen}>
        {isNew && <span className="visually-hidden">New: </span>}
        {KIND_LABELS[notification.kind]}: {notification.campaignName}
      </Link>
      <p>{/[.!?]$/.test(notification.message) ? notification.message : `${notification.message}.`}</p>
      <p className="muted">{when(notification.createdAt)}</p>
    </li>
  );
}
