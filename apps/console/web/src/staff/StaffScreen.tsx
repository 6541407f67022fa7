import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { consoleApi, unwrap } from '../api/clients';
import { STAFF_ROLES, type StaffMember, type StaffRole } from '../api/console';
import { ApiError } from '../api/errors';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { dateTime } from '../format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice, FormErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';

const listStaff = () => unwrap(consoleApi.GET('/api/staff', { params: { query: { limit: 100 } } }));
const changeStaff = (id: string, body: { role?: StaffRole; disabled?: boolean }) =>
  unwrap(consoleApi.PATCH('/api/staff/{id}', { params: { path: { id } }, body }));
const inviteStaff = (body: { email: string; role: StaffRole; name?: string }) =>
  unwrap(consoleApi.POST('/api/staff', { body }));

const ROLE_OPTIONS = STAFF_ROLES.map((role) => ({
  value: role,
  label: `${ROLE_LABELS[role]}: can ${ROLE_DESCRIPTIONS[role]}`,
}));

type PendingChange =
  | { kind: 'role'; member: StaffMember; role: StaffRole }
  | { kind: 'disable' | 'enable'; member: StaffMember };

/** Admins invite colleagues, change what they may do, and disable accounts (which signs them out). */
export default function StaffScreen() {
  const me = useStaff();
  const queryClient = useQueryClient();
  const staff = useQuery({ queryKey: ['staff'], queryFn: listStaff });
  const [change, setChange] = useState<PendingChange | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const apply = useMutation({
    mutationFn: (pending: PendingChange) =>
      changeStaff(
        pending.member.id,
        pending.kind === 'role' ? { role: pending.role } : { disabled: pending.kind === 'disable' },
      ),
    onSuccess: async (_, pending) => {
      setChange(null);
      setDone(describeDone(pending));
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
  });

  return (
    <>
      <PageHeader title="Staff" />
      {done && <Notice kind="success">{done}</Notice>}
      <InviteForm
        onInvited={(email) => setDone(`Invitation sent to ${email}. The link works for 72 hours.`)}
      />
      <h2>People with access</h2>
      <ErrorNotice error={staff.error} />
      {staff.isPending && <Loading what="Loading staff" />}
      {staff.data && (
        <Table columns={['Name', 'Email', 'Role', 'Last signed in', 'Two-factor', 'Access']}>
          {staff.data.items.map((member) => {
            const who = member.name || member.email;
            const self = member.id === me.id;
            return (
              <tr key={member.id} className={member.disabled ? 'disabled-row' : undefined}>
                <td>{member.name || '—'}</td>
                <td className="wrap">{member.email}</td>
                <td>
                  <label className="visually-hidden" htmlFor={`role-${member.id}`}>
                    Role of {who}
                  </label>
                  <select
                    id={`role-${member.id}`}
                    value={member.role}
                    disabled={self || member.disabled}
                    onChange={(event) =>
                      setChange({ kind: 'role', member, role: event.target.value as StaffRole })
                    }
                  >
                    {STAFF_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{member.lastSignInAt ? dateTime(member.lastSignInAt) : 'Never'}</td>
                <td>{member.totpEnabled ? 'On' : 'Off'}</td>
                <td>
                  {self ? (
                    <span className="muted">You</span>
                  ) : (
                    <button
                      type="button"
                      className={member.disabled ? undefined : 'danger-quiet'}
                      onClick={() => setChange({ kind: member.disabled ? 'enable' : 'disable', member })}
                    >
                      {/* The name is for screen readers: on screen the row already says whose it is. */}
                      {member.disabled ? 'Enable' : 'Disable'}
                      <span className="visually-hidden"> {who}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      <ConfirmDialog
        open={change !== null}
        title={change ? confirmTitle(change) : ''}
        confirmLabel={change ? confirmTitle(change).replace(/\?$/, '') : ''}
        destructive={change?.kind === 'disable'}
        busy={apply.isPending}
        onConfirm={() => change && apply.mutate(change)}
        onCancel={() => {
          setChange(null);
          apply.reset();
        }}
      >
        {change && <p>{confirmBody(change)}</p>}
        <ErrorNotice error={apply.error} />
      </ConfirmDialog>
    </>
  );
}

const nameOf = (member: StaffMember): string => member.name || member.email;

function confirmTitle(change: PendingChange): string {
  if (change.kind === 'role') return `Make ${nameOf(change.member)} ${ROLE_LABELS[change.role]}?`;
  return `${change.kind === 'disable' ? 'Disable' : 'Enable'} ${nameOf(change.member)}?`;
}

function confirmBody(change: PendingChange): string {
  const who = nameOf(change.member);
  if (change.kind === 'role') {
    return `${who} will be able to ${ROLE_DESCRIPTIONS[change.role]}. This changes what 1 person can do, from their next click.`;
  }
  if (change.kind === 'disable') {
    return `${who} will be signed out everywhere at once and will not be able to sign in until an admin enables them again. Nothing they did is removed.`;
  }
  return `${who} will be able to sign in again with their password.`;
}

function describeDone(change: PendingChange): string {
  const who = nameOf(change.member);
  if (change.kind === 'role') return `${who} is now ${ROLE_LABELS[change.role]}.`;
  return change.kind === 'disable' ? `${who} is disabled and signed out.` : `${who} can sign in again.`;
}

function InviteForm({ onInvited }: { onInvited(email: string): void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<{ email: string; name: string; role: StaffRole }>({
    email: '',
    name: '',
    role: 'viewer',
  });
  const [confirming, setConfirming] = useState(false);
  const invite = useMutation({
    mutationFn: () =>
      inviteStaff({
        email: form.email.trim(),
        role: form.role,
        ...(form.name.trim() ? { name: form.name.trim() } : {}),
      }),
    onSuccess: async () => {
      setConfirming(false);
      onInvited(form.email.trim());
      setForm({ email: '', name: '', role: 'viewer' });
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: () => setConfirming(false),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.reset();
    setConfirming(true);
  };
  const error = invite.error instanceof ApiError ? invite.error : null;
  return (
    <section aria-labelledby="invite-title" className="panel">
      <h2 id="invite-title">Invite a colleague</h2>
      <FormErrorNotice error={invite.error} fields={['email', 'role']} />
      <form onSubmit={submit} noValidate>
        <div className="two-columns">
          <TextField
            label="Email address"
            type="email"
            autoComplete="off"
            value={form.email}
            onChange={(event) => setForm({ ...form, email: event.target.value })}
            error={error?.forField('email')}
          />
          <TextField
            label="Name (optional)"
            autoComplete="off"
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
            error={error?.forField('name')}
          />
        </div>
        <SelectField
          label="Role"
          value={form.role}
          onChange={(event) => setForm({ ...form, role: event.target.value as StaffRole })}
          options={ROLE_OPTIONS}
          error={error?.forField('role')}
        />
        <div className="actions">
          <button type="submit" className="primary">
            Send invitation
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title={`Invite ${form.email.trim() || 'this person'}?`}
        confirmLabel="Send invitation"
        busy={invite.isPending}
        onConfirm={() => invite.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          We will email {form.email.trim() || 'them'} a link to set a password. As {ROLE_LABELS[form.role]}{' '}
          they can {ROLE_DESCRIPTIONS[form.role]}. The link works once, for 72 hours.
        </p>
      </ConfirmDialog>
    </section>
  );
}
