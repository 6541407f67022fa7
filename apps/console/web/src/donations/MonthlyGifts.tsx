import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { donationsApi, unwrap } from '../api/clients';
import { date, money } from '../format';
import { SelectField, TextField } from '../ui/Field';
import { ErrorNotice, Loading } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Pager, useCursorPages } from '../ui/Pager';
import { Table } from '../ui/Table';
import './donations.css';
import { type MonthlyGift, MONTHLY_STATUS_LABELS, text } from './labels';
import { useDonorNames } from './supporter-names';

const PAGE_SIZE = 25;
type Status = MonthlyGift['status'];

/** Monthly gifts made online, with where each stands. */
export default function MonthlyGifts() {
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') ?? '';
  const status = statusParam in MONTHLY_STATUS_LABELS ? (statusParam as Status) : undefined;
  const campaign = params.get('campaign') ?? '';
  const [draft, setDraft] = useState({ status: status ?? '', campaign });
  const pages = useCursorPages();
  const list = useQuery({
    queryKey: ['donations', 'monthly', status, campaign, pages.cursor],
    queryFn: () =>
      unwrap(
        donationsApi.GET('/recurring', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(status ? { status } : {}),
              ...(campaign ? { campaign } : {}),
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const donorName = useDonorNames(list.data?.items ?? []);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.status) next.set('status', draft.status);
    if (draft.campaign.trim()) next.set('campaign', draft.campaign.trim());
    pages.reset();
    setParams(next);
  };
  return (
    <>
      <PageHeader title="Monthly gifts" />
      <form
        role="search"
        aria-label="Filter monthly gifts"
        className="filters monthly-filters"
        onSubmit={apply}
      >
        <SelectField
          label="Status"
          value={draft.status}
          onChange={(event) => setDraft({ ...draft, status: event.target.value })}
          options={[
            { value: '', label: 'Any' },
            ...Object.entries(MONTHLY_STATUS_LABELS).map(([value, label]) => ({ value, label })),
          ]}
        />
        <TextField
          label="Campaign or appeal"
          value={draft.campaign}
          onChange={(event) => setDraft({ ...draft, campaign: event.target.value })}
        />
        <div className="actions">
          <button type="submit" className="primary">
            Show monthly gifts
          </button>
        </div>
      </form>
      <ErrorNotice error={list.error} />
      {list.isPending ? (
        <Loading what="Finding monthly gifts" />
      ) : list.data && list.data.items.length === 0 ? (
        <p className="empty">
          {status || campaign
            ? 'No monthly gifts match these filters.'
            : 'No monthly gifts yet. They appear here when donors choose to give monthly online.'}
        </p>
      ) : list.data ? (
        <>
          <Table
            scrollHint
            caption="Monthly gifts, newest first"
            columns={[
              'Donor',
              { label: 'Each month', number: true },
              'Status',
              'Started',
              'Next payment or end',
              'Campaign',
            ]}
          >
            {list.data.items.map((gift) => {
              const supporterId = text(gift.supporterId);
              const donor = donorName(gift);
              const periodEnd = text(gift.currentPeriodEnd);
              return (
                <tr key={gift.id}>
                  <td className="nowrap">
                    {supporterId ? <Link to={`/supporters/${supporterId}`}>{donor}</Link> : donor}
                  </td>
                  <td className="number">{money(gift.amount, gift.currency)}</td>
                  <td>
                    {MONTHLY_STATUS_LABELS[gift.status]}
                    {gift.cancelAtPeriodEnd && gift.status !== 'cancelled' && ', ends after this month'}
                  </td>
                  <td>{date(text(gift.startedAt) ?? gift.createdAt)}</td>
                  <td>
                    {gift.status === 'cancelled'
                      ? `Cancelled ${date(text(gift.cancelledAt))}`
                      : periodEnd
                        ? `${gift.cancelAtPeriodEnd ? 'Ends' : 'Next'} ${date(periodEnd)}`
                        : '—'}
                  </td>
                  <td>{text(gift.campaign) ?? '—'}</td>
                </tr>
              );
            })}
          </Table>
          <Pager
            pages={pages}
            nextCursor={list.data.nextCursor}
            label="Pages of monthly gifts"
            previousLabel="Newer gifts"
            nextLabel="Older gifts"
            showPage
          />
        </>
      ) : null}
    </>
  );
}
