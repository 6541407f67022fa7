import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router-dom';
import { subscribersApi, unwrap } from '../api/clients';
import type { components } from '../api/generated/subscribers';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { count } from '../format';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Pager, useCursorPages } from '../ui/Pager';
import { Table } from '../ui/Table';
import './audiences.css';

type Audience = components['schemas']['SegmentListItemDto'];
const PAGE_SIZE = 50;
/** While a size is still being counted, ask again this often. */
const RECOUNT_MS = 2_000;

const usedByText = (audience: Audience): string =>
  audience.usedBy.map((use) => `“${use.campaignName}” (${use.how})`).join(', ');

function AudienceRow({ audience }: { audience: Audience }) {
  return (
    <tr>
      <td>
        <Link className="audience-name" to={`/audiences/${audience.id}`}>
          {audience.name}
        </Link>
        {audience.builtin && <span className="badge">Built-in</span>}
        {audience.description && <span className="audience-description">{audience.description}</span>}
      </td>
      <td className="number">
        {audience.size ? count(audience.size.count) : <span className="muted">Counting…</span>}
      </td>
      <td className="number">
        {audience.size ? count(audience.size.mailable) : <span className="muted">Counting…</span>}
      </td>
      <td className="wrap">
        {audience.usedBy.length > 0 ? usedByText(audience) : <span className="muted">—</span>}
      </td>
    </tr>
  );
}

/** Saved and built-in audiences with how many people each holds now and how many can be emailed. */
export default function AudiencesList() {
  const staff = useStaff();
  const deleted = (useLocation().state as { deleted?: string } | null)?.deleted;
  const pages = useCursorPages();
  const { cursor } = pages;
  const list = useQuery({
    queryKey: ['segments', 'list', cursor],
    queryFn: () =>
      unwrap(
        subscribersApi.GET('/segments', {
          params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((audience) => audience.size === null) ? RECOUNT_MS : false,
  });
  const writer = can(staff.role, 'segments:write');
  return (
    <>
      <PageHeader title="Audiences">
        {writer && (
          <Link className="button primary" to="/audiences/new">
            New audience
          </Link>
        )}
      </PageHeader>
      <p className="lede">
        An audience is a set of rules about supporters; who is in it is worked out afresh each time it is
        used.
      </p>
      {deleted && <Notice kind="success">“{deleted}” was deleted.</Notice>}
      <ErrorNotice error={list.error} />
      {list.isPending ? (
        <Loading what="Loading audiences" />
      ) : list.data ? (
        <>
          <Table
            caption="Audiences"
            columns={[
              'Audience',
              { label: 'People', number: true },
              { label: 'Can be emailed', number: true },
              'Used by',
            ]}
          >
            {list.data.items.map((audience) => (
              <AudienceRow key={audience.id} audience={audience} />
            ))}
          </Table>
          <p className="hint">Sizes are counted when the list opens and kept for up to a minute.</p>
          {(pages.page > 1 || list.data.nextCursor) && (
            <Pager
              pages={pages}
              nextCursor={list.data.nextCursor}
              label="Pages of audiences"
              previousLabel="Previous page"
              nextLabel="Next page"
              showPage
            />
          )}
        </>
      ) : null}
    </>
  );
}
