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
  // Cursors of the pages before this one, for "Previous".
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];

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
    setCursors([undefined]);
    setParams(next);
  };
  const filtered = Boolean(q || status || tag);

  return (
    <>
      <PageHeader title="Supporters">
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
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">
                Supporters{filtered ? ' matching the search' : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Subscription</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Added</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages of supporters">
            <button
              type="button"
              disabled={cursors.length === 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Previous page
            </button>
            <span>Page {cursors.length}</span>
            <button
              type="button"
              disabled={!list.data.nextCursor}
              onClick={() => setCursors([...cursors, list.data.nextCursor ?? undefined])}
            >
              Next page
            </button>
          </nav>
        </>
      ) : null}
    </>
  );
}
