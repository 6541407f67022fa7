import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { consoleApi, unwrap } from '../api/clients';
import { STAFF_ROLES, type StaffRole } from '../api/console';
import { ROLE_LABELS } from '../auth/permissions';
import { dateTime, words } from '../format';
import { ErrorNotice, Loading } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Pager, useCursorPages } from '../ui/Pager';
import { Table } from '../ui/Table';

const ACTIONS: Record<string, string> = {
  'staff.sign-in': 'Signed in',
  'staff.sign-in-failed': 'Failed to sign in',
  'staff.sign-out': 'Signed out',
  'staff.invited': 'Invited a colleague',
  'staff.invitation-accepted': 'Accepted an invitation',
  'staff.role-changed': 'Changed a role',
  'staff.disabled': 'Disabled an account',
  'staff.enabled': 'Enabled an account',
  'staff.password-reset-requested': 'Asked for a password reset',
  'staff.password-reset': 'Reset their password',
  'staff.two-factor-enabled': 'Turned on two-factor sign-in',
  'POST /supporters/import': 'Imported supporters',
  'PATCH /supporters/:id': 'Edited a supporter',
  'DELETE /supporters/:id': 'Erased a supporter',
  'GET /supporters/:id/export': 'Downloaded a supporter’s data',
};

/** Actions on one supporter who is still on record, so the row can open their profile. */
const ON_A_SUPPORTER = new Set(['PATCH /supporters/:id', 'GET /supporters/:id/export']);

const REASONS: Record<string, string> = {
  'unknown-account': 'no account with that email address',
  'wrong-password': 'wrong password',
  disabled: 'account disabled',
  'wrong-code': 'wrong two-factor code',
};

const isRole = (value: unknown): value is StaffRole =>
  typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);

const describe = (action: string): string =>
  ACTIONS[action] ?? words(action.replace(/\./g, ' ')).replace(/^./, (c) => c.toUpperCase());

/** Details as short phrases, never raw JSON; ids are left out (they mean nothing to a person). */
function detailText(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  const phrases: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (value === null || value === undefined || typeof value === 'object' || /id$/i.test(key)) continue;
    if (key === 'ip') phrases.push(`from ${String(value).replace(/^::ffff:/, '')}`);
    else if (key === 'twoFactor') phrases.push(value ? 'with two-factor code' : 'password only');
    else if ((key === 'role' || key === 'from' || key === 'to') && isRole(value))
      phrases.push(`${key === 'role' ? 'role' : key}: ${ROLE_LABELS[value]}`);
    else if (key === 'reason' && typeof value === 'string') phrases.push(REASONS[value] ?? words(value));
    else phrases.push(`${words(key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())}: ${String(value)}`);
  }
  return phrases.join('; ');
}

/** Who did what to whom, newest first: sign-ins, failures, invitations, role changes, resets. */
export default function AuditLog() {
  const pages = useCursorPages();
  const { cursor } = pages;
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
        Who did what, newest first: sign-ins and failed sign-ins, invitations, role changes, password resets,
        and changes to supporters (edits, imports, downloads and erasures).
      </p>
      <ErrorNotice error={log.error} />
      {log.isPending && <Loading what="Loading the audit log" />}
      {log.data && log.data.items.length === 0 && <p className="empty">Nothing has been recorded yet.</p>}
      {log.data && log.data.items.length > 0 && (
        <>
          <Table columns={['When', 'Who', 'What', 'Details']}>
            {log.data.items.map((entry) => (
              <tr key={entry.id}>
                <td>{dateTime(entry.occurredAt)}</td>
                <td className="wrap">{entry.actor.name || 'Someone not signed in'}</td>
                <td>{describe(entry.action)}</td>
                <td className="wrap">
                  {detailText(entry.details)}
                  {ON_A_SUPPORTER.has(entry.action) && entry.targetId && (
                    <Link to={`/supporters/${entry.targetId}`}>Open their profile</Link>
                  )}
                </td>
              </tr>
            ))}
          </Table>
          <Pager
            pages={pages}
            nextCursor={log.data.nextCursor}
            label="Pages of the audit log"
            previousLabel="Newer entries"
            nextLabel="Older entries"
          />
        </>
      )}
    </>
  );
}
