import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { subscribersApi, unwrap } from '../api/clients';
import type { paths } from '../api/generated/subscribers';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { date, personName } from '../format';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Pager, useCursorPages } from '../ui/Pager';
import { Table } from '../ui/Table';
import { SUBSCRIPTION_LABELS, subscriptionLabel } from './labels';

type Status = NonNullable<NonNullable<paths['/supporters']['get']['parameters']['query']>['status']>;
const STATUSES = Object.keys(SUBSCRIPTION_LABELS) as Status[];
const PAGE_SIZE = 25;

/** Search and filters live in the address, so a filtered list can be bookmarked or linked from Home. */
export function SupportersList() {
  const staff = useStaff();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = (STATUSES as string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as Status)
    : undefined;
  const tag = params.get('tag') ?? '';
  const [draft, setDraft] = useState({ q, status: status ?? '', tag });
  const [tooShort, setTooShort] = useState(false);
  const erased = (useLocation().state as { erased?: string } | null)?.erased;
  const pages = useCursorPages();
  const { cursor } = pages;

  const list = useQuery({
    queryKey: ['supporters', 'list', q, status, tag, cursor],
    queryFn: () =>
      unwrap(
        subscribersApi.GET('/supporters', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(q ? { q } : {}),
              ...(status ? { status } : {}),
              ...(tag ? { tag } : {}),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const search = (event: FormEvent) => {
    event.preventDefault();
    // The search needs two characters to answer quickly at a million supporters.
    const short = draft.q.trim() !== '' && draft.q.replace(/\s/g, '').length < 2;
    setTooShort(short);
    if (short) return;
    const next = new URLSearchParams();
    if (draft.q.trim()) next.set('q', draft.q.trim());
    if (draft.status) next.set('status', draft.status);
    if (draft.tag.trim()) next.set('tag', draft.tag.trim());
    pages.reset();
    setParams(next);
  };
  const filtered = Boolean(q || status || tag);

  return (
    <>
      <PageHeader title="Supporters">
        <Link className="button" to="/supporters/duplicates">
          Possible duplicates
        </Link>
        {can(staff.role, 'supporters:write') && (
          <Link className="button" to="/supporters/import">
            Import a CSV file
          </Link>
        )}
      </PageHeader>
      {erased && <Notice kind="success">{erased}&rsquo;s personal data has been erased.</Notice>}
      <form role="search" className="filters" onSubmit={search}>
        <TextField
          label="Search"
          hint="Part of a name or email address, e.g. “Sam Smith” or “gmail”."
          error={tooShort ? 'Type at least 2 letters or digits.' : undefined}
          type="search"
          value={draft.q}
          onChange={(event) => setDraft({ ...draft, q: event.target.value })}
        />
        <SelectField
          label="Subscription"
          value={draft.status}
          onChange={(event) => setDraft({ ...draft, status: event.target.value })}
          options={[
            { value: '', label: 'Any' },
            ...STATUSES.map((value) => ({ value, label: SUBSCRIPTION_LABELS[value] })),
          ]}
        />
        <TextField
          label="Tag"
          value={draft.tag}
          onChange={(event) => setDraft({ ...draft, tag: event.target.value })}
        />
        <div className="actions">
          <button type="submit" className="primary">
            Search
          </button>
        </div>
      </form>
      <ErrorNotice error={list.error} />
      {list.isPending ? (
        <Loading what="Finding supporters" />
      ) : list.data && list.data.items.length === 0 ? (
        <p className="empty">
          {filtered ? (
            'No supporters match this search. Try part of a name or email address, or clear the filters.'
          ) : can(staff.role, 'supporters:write') ? (
            <>
              There are no supporters yet. <Link to="/supporters/import">Import a CSV file</Link> to add them.
            </>
          ) : (
            'There are no supporters yet. They appear here as people sign up, give or are imported.'
          )}
        </p>
      ) : list.data ? (
        <>
          <Table
            caption={`Supporters${filtered ? ' matching the search' : ''}`}
            columns={['Name', 'Email', 'Subscription', 'Tags', 'Added']}
          >
            {list.data.items.map((supporter) => (
              <tr key={supporter.id}>
                <td>
                  <Link to={`/supporters/${supporter.id}`}>
                    {personName(
                      supporter.firstName,
                      supporter.lastName,
                      supporter.email ?? 'Erased supporter',
                    )}
                  </Link>
                  {supporter.deceased && <span className="muted"> (deceased)</span>}
                </td>
                <td className="wrap">{supporter.email ?? '—'}</td>
                <td>{subscriptionLabel(supporter.subscriptionStatus)}</td>
                <td>
                  {supporter.tags.map((name) => (
                    <span key={name} className="tag">
                      {name}
                    </span>
                  ))}
                </td>
                <td>{date(supporter.createdAt)}</td>
              </tr>
            ))}
          </Table>
          <Pager
            pages={pages}
            nextCursor={list.data.nextCursor}
            label="Pages of supporters"
            previousLabel="Previous page"
            nextLabel="Next page"
            showPage
          />
        </>
      ) : null}
    </>
  );
}
