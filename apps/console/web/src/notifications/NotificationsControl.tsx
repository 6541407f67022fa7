import { useEffect, useId, useRef, useState } from 'react';
import { useStaff } from '../auth/session';
import { count } from '../format';
import { NotificationItem } from './NotificationItem';
import { useNotifications } from './notifications';
import { useReadMarker } from './read-marker';

/**
 * The top bar's notifications: a button with the unread count that opens the recent ones, each
 * linking to its email. Opening the list marks everything in it read (in this browser). A new one
 * arriving is announced politely to screen readers.
 */
export function NotificationsControl() {
  const staff = useStaff();
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const { notifications, arrived } = useNotifications();
  const [readUpTo, markRead] = useReadMarker(staff.id);
  // What was unread when the list was opened stays marked as new while it is open.
  const [readBeforeOpening, setReadBeforeOpening] = useState<string | null>(null);
  const unread = notifications.filter(
    (notification) => !readUpTo || notification.createdAt > readUpTo,
  ).length;
  const newest = notifications[0]?.createdAt;

  useEffect(() => {
    if (open && newest) markRead(newest);
  }, [open, newest, markRead]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        setOpen(false);
        button.current?.focus();
        return;
      }
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', close);
    };
  }, [open]);

  return (
    <div className="notifications">
      <button
        ref={button}
        type="button"
        className="notifications-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          if (!open) setReadBeforeOpening(readUpTo);
          setOpen(!open);
        }}
      >
        <BellIcon />
        <span className="visually-hidden">Notifications</span>
        {unread > 0 && (
          <>
            {' '}
            <span className="badge">
              {count(unread)}
              <span className="visually-hidden"> unread</span>
            </span>
          </>
        )}
      </button>
      <p className="visually-hidden" role="status">
        {arrived &&
          (arrived.count === 1
            ? `New notification: ${arrived.newest.message}`
            : `${arrived.count} new notifications. The latest: ${arrived.newest.message}`)}
      </p>
      <div ref={panel} id={panelId} className="notifications-panel" hidden={!open}>
        <h2>Notifications</h2>
        {notifications.length === 0 ? (
          <p className="muted">
            Nothing yet. You will see here when an email finishes sending or needs attention.
          </p>
        ) : (
          <ul>
            {notifications.map((notification) => (
              <NotificationItem
                key={notification.id}
                notification={notification}
                isNew={!readBeforeOpening || notification.createdAt > readBeforeOpening}
                onOpen={() => setOpen(false)}
              />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** A bell, the sign people know for notifications; the button's words are for screen readers. */
function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6v-5a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}
