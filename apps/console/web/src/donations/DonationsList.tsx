import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { donationsApi, unwrap } from '../api/clients';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { date, money } from '../format';
import { saveFile } from '../supporters/download';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice, Loading } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Pager, useCursorPages } from '../ui/Pager';
import { Table } from '../ui/Table';
import { dateProblems, type Draft, draftFrom, FILTER_KEYS, listQuery } from './filters';
import { FREQUENCY_LABELS, METHOD_LABELS, STATUS_LABELS, text } from './labels';
import { useDonorNames } from './supporter-names';
import './donations.css';

const IncomeCharts = lazy(() => import('./charts/IncomeCharts'));
const PAGE_SIZE = 25;

const choices = (labels: Record<string, string>) => [
  { value: '', label: 'Any' },
  ...Object.entries(labels).map(([value, label]) => ({ value, label })),
];

/** Every gift, online and offline, with filters, a CSV download and the income charts. */
export default function DonationsList() {
  const staff = useStaff();
  const [params, setParams] = useSearchParams();
  const applied = draftFrom(params);
  const [draft, setDraft] = useState<Draft>(applied);
  const [problems, setProblems] = useState<{ from?: string; to?: string }>({});
  const pages = useCursorPages();
  const query = listQuery(applied);
  const filtered = Object.keys(query).length > 0;

  const list = useQuery({
    queryKey: ['donations', 'list', query, pages.cursor],
    queryFn: () =>
      unwrap(
        donationsApi.GET('/donations', {
          params: {
            query: { ...query, limit: PAGE_SIZE, ...(pages.cursor ? { cursor: pages.cursor } : {}) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const donorName = useDonorNames(list.data?.items ?? []);
  const download = useMutation({
    mutationFn: async () => {
      const { data } = await donationsApi.GET('/donations/export.csv', {
        params: { query },
        parseAs: 'text',
      });
      saveFile(data ?? '', 'donations.csv', 'text/csv');
    },
  });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = dateProblems(draft);
    setProblems(found);
    if (found.from || found.to) return;
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) if (draft[key].trim()) next.set(key, draft[key].trim());
    pages.reset();
    setParams(next);
  };
  const set = (key: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value });

  return (
    <>
      <PageHeader title="Donations">
        {can(staff.role, 'donations:write') && (
          <>
            <Link className="button primary" to="/donations/new">
              Add a gift
            </Link>
            <Link className="button" to="/donations/import">
              Import gifts
            </Link>
          </>
        )}
      </PageHeader>
      <Suspense fallback={<Loading what="Drawing the charts" />}>
        <IncomeCharts kinds={['year', 'frequency', 'campaign']} />
      </Suspense>
      <h2>Gifts</h2>
      <form role="search" aria-label="Filter gifts" className="filters gift-filters" onSubmit={apply}>
        <TextField
          label="Received on or after"
          hint="DD/MM/YYYY"
          inputMode="numeric"
          value={draft.from}
          onChange={set('from')}
          error={problems.from}
        />
        <TextField
          label="Received on or before"
          hint="DD/MM/YYYY"
          inputMode="numeric"
          value={draft.to}
          onChange={set('to')}
          error={problems.to}
        />
        <TextField label="Campaign or appeal" value={draft.campaign} onChange={set('campaign')} />
        <SelectField
          label="Method"
          value={draft.method}
          onChange={set('method')}
          options={choices(METHOD_LABELS)}
        />
        <SelectField
          label="Status"
          value={draft.status}
          onChange={set('status')}
          options={choices(STATUS_LABELS)}
        />
        <SelectField
          label="Kind"
          value={draft.frequency}
          onChange={set('frequency')}
          options={choices(FREQUENCY_LABELS)}
        />
        <div className="actions">
          <button type="submit" className="primary">
            Show gifts
          </button>
        </div>
      </form>
      <div className="list-tools">
        <button type="button" disabled={download.isPending} onClick={() => download.mutate()}>
          {download.isPending ? 'Preparing the file…' : 'Download these gifts (CSV)'}
        </button>
      </div>
      <ErrorNotice error={list.error ?? download.error} />
      {list.isPending ? (
        <Loading what="Finding gifts" />
      ) : list.data && list.data.items.length === 0 ? (
        <p className="empty">
          {filtered
            ? 'No gifts match these filters.'
            : 'No gifts yet. They appear here as donors give or you add them.'}
        </p>
      ) : list.data ? (
        <>
          <Table
            scrollHint
            caption={`Gifts${filtered ? ' matching the filters' : ''}, newest first`}
            columns={[
              'Date',
              'Donor',
              { label: 'Amount', number: true },
              'Method',
              'Kind',
              'Campaign',
              'Status',
              'Gift Aid',
            ]}
          >
            {list.data.items.map((gift) => (
              <tr key={gift.id}>
                <td>
                  <Link to={`/donations/${gift.id}`}>{date(text(gift.paidAt) ?? gift.createdAt)}</Link>
                </td>
                <td className="nowrap">
                  {text(gift.supporterId) ? (
                    <Link to={`/supporters/${text(gift.supporterId)}`}>{donorName(gift)}</Link>
                  ) : (
                    donorName(gift)
                  )}
                </td>
                <td className="number">{money(gift.amount, gift.currency)}</td>
                <td className="nowrap">{METHOD_LABELS[gift.method]}</td>
                <td>{FREQUENCY_LABELS[gift.frequency]}</td>
                <td>{text(gift.campaign) ?? '—'}</td>
                <td>{STATUS_LABELS[gift.status]}</td>
                <td>{gift.giftAid ? 'Declared' : gift.giftAidApplies ? 'Awaiting a declaration' : 'No'}</td>
              </tr>
            ))}
          </Table>
          <Pager
            pages={pages}
            nextCursor={list.data.nextCursor}
            label="Pages of gifts"
            previousLabel="Newer gifts"
            nextLabel="Older gifts"
            showPage
          />
        </>
      ) : null}
    </>
  );
}
