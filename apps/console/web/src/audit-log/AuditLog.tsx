import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { consoleApi, unwrap } from '../api/clients';
import { dateTime, words } from '../format';
import { ErrorNotice, Loading } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';

const ACTIONS: Record<string, string> = {
  'sign-in': 'Signed in',
  'sign-in-failed': 'Failed sign-in',
  'sign-out': 'Signed out',
  'sign-in-locked': 'Sign-in paused after failures',
  invited: 'Invited',
  'invitation-accepted': 'Accepted invitation',
  'role-changed': 'Changed role',
  disabled: 'Disabled account',
  enabled: 'Enabled account',
  'password-reset-requested': 'Asked for a password reset',
  'password-reset': 'Reset password',
  'totp-enabled': 'Turned on two-factor sign-in',
};

const describe = (action: string): string =>
  ACTIONS[action] ??
  ACTIONS[action.replace(/[._]/g, '-')] ??
  words(action).replace(/^./, (c) => c.toUpperCase());

/** Details as short "key: value" phrases, never raw JSON. */
function detailText(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .filter(
      ([key, value]) =>
        value !== null && value !== undefined && typeof value !== 'object' && !/id$/i.test(key),
    )
    .map(
      ([key, value]) => `${words(key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())}: ${String(value)}`,
    )
    .join('; ');
}

/** Who did what to whom, newest first: sign-ins, failures, invitations, role changes, resets. */
export default function AuditLog() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const log = useQuery({
    queryKey: ['audit-log', cursor],
    queryFn: () =>
      unwrap(
        consoleApi.GET('/api/audit-log', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader title="Audit log" />
      <p className="lede">
        Every sign-in, failed sign-in, invitation, role change and password reset, newest first.
      </p>
      <ErrorNotice error={log.error} />
      {log.isPending && <Loading what="Loading the audit log" />}
      {log.data && log.data.items.length === 0 && <p className="empty">Nothing has been recorded yet.</p>}
      {log.data && log.data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td>{dateTime(entry.occurredAt)}</td>
                    <td className="wrap">{entry.actor.name || 'Someone not signed in'}</td>
                    <td>{describe(entry.action)}</td>
                    <td className="wrap">{detailText(entry.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages of the audit log">
            <button
              type="button"
              disabled={cursors.length === 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={!log.data.nextCursor}
              onClick={() => setCursors([...cursors, log.data.nextCursor ?? undefined])}
            >
              Older
            </button>
          </nav>
        </>
      )}
    </>
  );
}
