import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { mailerApi, unwrap } from '../../api/clients';
import { can } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { ErrorNotice, Loading } from '../../ui/Notice';
import { PageHeader } from '../../ui/PageHeader';
import { CAMPAIGN_STATUSES, type CampaignStatus, STATUS_LABELS } from '../shared/campaign';
import { useAudiences } from '../shared/queries';
import { EmailsTable } from './EmailsTable';
import { StatusTabs } from './StatusTabs';
import '../shared/emails.css';

const PAGE_SIZE = 50;

const EMPTY: Record<CampaignStatus | 'all', string> = {
  all: 'No emails yet.',
  draft: 'No drafts. An email you start and have not sent or scheduled waits here.',
  scheduled: 'Nothing is scheduled.',
  sending: 'No email is going out right now.',
  sent: 'No email has been sent yet.',
  cancelled: 'No email was cancelled.',
  failed: 'No email failed.',
};

const statusFrom = (value: string | null): CampaignStatus | undefined =>
  CAMPAIGN_STATUSES.find((status) => status === value);

/** Every email (campaign), newest first, filtered by status, with how far each got. */
export default function EmailsList() {
  const staff = useStaff();
  const canWrite = can(staff.role, 'campaigns:write');
  const [params] = useSearchParams();
  const status = statusFrom(params.get('status'));
  const audiences = useAudiences();
  const list = useInfiniteQuery({
    queryKey: ['campaigns', 'list', status ?? 'all'],
    queryFn: ({ pageParam }) =>
      unwrap(
        mailerApi.GET('/campaigns', {
          params: {
            query: { limit: PAGE_SIZE, ...(status && { status }), ...(pageParam && { cursor: pageParam }) },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Emails going out change their counts while the list is open.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((item) => item.status === 'sending'))
        ? 5_000
        : false,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const audienceNames = new Map(
    (audiences.data?.items ?? []).map((audience) => [audience.id, audience.name]),
  );

  return (
    <>
      <PageHeader title="Emails">
        {canWrite && (
          <Link to="/emails/new" className="button primary">
            New email
          </Link>
        )}
      </PageHeader>
      <p className="lede">Newsletters and appeals sent to your audiences, and how each one did.</p>
      <StatusTabs current={status} />
      <ErrorNotice error={list.error} />
      {list.isPending && <Loading what="Loading emails" />}
      {list.data && rows.length === 0 && <p className="empty">{EMPTY[status ?? 'all']}</p>}
      {rows.length > 0 && (
        <EmailsTable
          caption={status ? `${STATUS_LABELS[status]} emails, newest first` : 'All emails, newest first'}
          rows={rows}
          audienceNames={audienceNames}
          canWrite={canWrite}
        />
      )}
      {list.hasNextPage && (
        <div className="actions">
          <button type="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {list.isFetchingNextPage ? 'Loading…' : `Show the next ${PAGE_SIZE}`}
          </button>
        </div>
      )}
    </>
  );
}
