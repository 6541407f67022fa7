import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { mailerApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import { date } from '../format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice, FormErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import {
  originOf,
  REASON_LABELS,
  type Suppression,
  SUPPRESSION_REASONS,
  type SuppressionReason,
} from './origin';

const PAGE_SIZE = 50;

interface Filter {
  email: string;
  reason: SuppressionReason | '';
}

const listSuppressions = (filter: Filter, cursor: string | undefined) =>
  unwrap(
    mailerApi.GET('/suppressions', {
      params: {
        query: {
          limit: PAGE_SIZE,
          ...(cursor && { cursor }),
          ...(filter.email && { email: filter.email }),
          ...(filter.reason && { reason: filter.reason }),
        },
      },
    }),
  );
const addSuppression = (body: { email: string; reason: SuppressionReason }) =>
  unwrap(mailerApi.POST('/suppressions', { body }));
const removeSuppression = (email: string) =>
  unwrap(mailerApi.DELETE('/suppressions/{email}', { params: { path: { email } } }));

const REASON_OPTIONS = SUPPRESSION_REASONS.map((reason) => ({ value: reason, label: REASON_LABELS[reason] }));

/**
 * Addresses that never receive marketing email, whatever their subscription says: search them,
 * add one with its reason, remove one (after a confirmation that says what that means).
 */
export default function SuppressionsScreen() {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Filter>({ email: '', reason: '' });
  const [filter, setFilter] = useState<Filter>({ email: '', reason: '' });
  const [removing, setRemoving] = useState<Suppression | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['suppressions', filter],
    queryFn: ({ pageParam }) => listSuppressions(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const remove = useMutation({
    mutationFn: (suppression: Suppression) => removeSuppression(suppression.email),
    onSuccess: async (_, suppression) => {
      setRemoving(null);
      setDone(`${suppression.email} is no longer suppressed. It can receive email again.`);
      await queryClient.invalidateQueries({ queryKey: ['suppressions'] });
    },
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const search = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setFilter({ email: draft.email.trim(), reason: draft.reason });
  };
  const filtered = filter.email !== '' || filter.reason !== '';

  return (
    <>
      <PageHeader title="Suppressions" />
      <p>
        No marketing email goes to these addresses, whatever their subscription says. Most are added
        automatically when an email bounces, someone marks one as spam, or someone unsubscribes.
      </p>
      {done && <Notice kind="success">{done}</Notice>}
      <AddSuppression
        onAdded={(email) => setDone(`${email} is suppressed. It will get no marketing email.`)}
      />

      <h2>Suppressed addresses</h2>
      <form className="filters" role="search" aria-label="Suppressions" onSubmit={search} noValidate>
        <TextField
          label="Address starts with"
          type="search"
          autoComplete="off"
          value={draft.email}
          onChange={(event) => setDraft({ ...draft, email: event.target.value })}
        />
        <SelectField
          label="Reason"
          value={draft.reason}
          onChange={(event) => setDraft({ ...draft, reason: event.target.value as Filter['reason'] })}
          options={[{ value: '', label: 'Any reason' }, ...REASON_OPTIONS]}
        />
        <div className="actions">
          <button type="submit" className="primary">
            Search
          </button>
        </div>
      </form>
      <ErrorNotice error={list.error} />
      {list.isPending && <Loading what="Loading suppressions" />}
      {list.data && rows.length === 0 && (
        <p className="empty">
          {filtered ? 'No suppressed address matches this search.' : 'No address is suppressed yet.'}
        </p>
      )}
      {rows.length > 0 && (
        <Table
          caption="Suppressed addresses, in address order"
          columns={['Address', 'Reason', 'Where it came from', 'Since', { label: 'Actions', hidden: true }]}
        >
          {rows.map((suppression) => (
            <tr key={suppression.email}>
              <td className="wrap">{suppression.email}</td>
              <td>{REASON_LABELS[suppression.reason]}</td>
              <td>{originOf(suppression)}</td>
              <td>{date(suppression.createdAt)}</td>
              <td>
                <button
                  type="button"
                  className="danger-quiet"
                  onClick={() => {
                    remove.reset();
                    setRemoving(suppression);
                  }}
                >
                  Remove<span className="visually-hidden"> {suppression.email}</span>
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {list.hasNextPage && (
        <div className="actions">
          <button type="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {list.isFetchingNextPage ? 'Loading…' : `Show the next ${PAGE_SIZE}`}
          </button>
        </div>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={removing ? `Remove ${removing.email} from suppressions?` : ''}
        confirmLabel={removing ? `Remove ${removing.email}` : ''}
        destructive
        busy={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing)}
        onCancel={() => {
          setRemoving(null);
          remove.reset();
        }}
      >
        {removing && (
          <>
            <p>
              This address may receive email again: the next campaign goes to it if the person is subscribed
              and in its audience.
            </p>
            <p>
              Suppressed since {date(removing.createdAt)}: {REASON_LABELS[removing.reason].toLowerCase()},{' '}
              {originOf(removing).replace(/^\w/, (letter) => letter.toLowerCase())}. Remove it only if you
              know the person wants our email again, or the address now works.
            </p>
          </>
        )}
        <ErrorNotice error={remove.error} />
      </ConfirmDialog>
    </>
  );
}

function AddSuppression({ onAdded }: { onAdded(email: string): void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<{ email: string; reason: SuppressionReason }>({
    email: '',
    reason: 'manual',
  });
  const add = useMutation({
    mutationFn: () => addSuppression({ email: form.email.trim(), reason: form.reason }),
    onSuccess: async (suppression) => {
      onAdded(suppression.email);
      setForm({ email: '', reason: 'manual' });
      await queryClient.invalidateQueries({ queryKey: ['suppressions'] });
    },
  });
  const error = add.error instanceof ApiError ? add.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <section aria-labelledby="add-suppression-title" className="panel">
      <h2 id="add-suppression-title">Suppress an address</h2>
      <FormErrorNotice error={add.error} fields={['email', 'reason']} />
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
          <SelectField
            label="Reason"
            value={form.reason}
            onChange={(event) => setForm({ ...form, reason: event.target.value as SuppressionReason })}
            options={REASON_OPTIONS}
            error={error?.forField('reason')}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Suppress this address'}
          </button>
        </div>
      </form>
    </section>
  );
}
