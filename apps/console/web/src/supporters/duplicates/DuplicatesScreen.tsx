import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { subscribersApi, unwrap } from '../../api/clients';
import type { components } from '../../api/generated/subscribers';
import { can } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorNotice, Loading, Notice } from '../../ui/Notice';
import { PageHeader } from '../../ui/PageHeader';
import { Pager, useCursorPages } from '../../ui/Pager';
import { DuplicateCard } from './DuplicateCard';
import { MergeWords } from './MergeWords';
import './duplicates.css';
import { nameOf, type Person } from './words';

type Pair = components['schemas']['DuplicatePairDto'];
interface Merge {
  keep: Person;
  other: Person;
}

const PAGE_SIZE = 20;
const REASONS: Record<Pair['reasons'][number], string> = {
  name_and_postcode: 'same name and postcode',
  name_and_phone: 'same name and phone number',
};

/** Pairs of records that look like one person, side by side, with a merge that keeps the one chosen. */
export default function DuplicatesScreen() {
  const mayMerge = can(useStaff().role, 'supporters:write');
  const queryClient = useQueryClient();
  const pages = useCursorPages();
  const { cursor } = pages;
  const [merging, setMerging] = useState<Merge | null>(null);
  const [merged, setMerged] = useState<Merge | null>(null);
  const pairs = useQuery({
    queryKey: ['supporters', 'duplicates', cursor],
    queryFn: () =>
      unwrap(
        subscribersApi.GET('/supporters/duplicates', {
          params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const merge = useMutation({
    mutationFn: ({ keep, other }: Merge) =>
      unwrap(
        subscribersApi.POST('/supporters/{id}/merge', {
          params: { path: { id: keep.id } },
          body: { otherId: other.id },
        }),
      ),
    onSuccess: async (_profile, done) => {
      setMerging(null);
      setMerged(done);
      await queryClient.invalidateQueries({ queryKey: ['supporters'] });
    },
  });
  const items = pairs.data?.items ?? [];
  return (
    <>
      <p className="breadcrumb">
        <Link to="/supporters">Supporters</Link>
      </p>
      <PageHeader title="Possible duplicates" />
      <p className="lede">
        Records with the same name and the same postcode or phone number may be one person entered twice.
        {mayMerge && ' Merging keeps one record and moves everything from the other onto it.'}
      </p>
      {merged && (
        <Notice kind="success">
          Merged: the record {merged.other.email ? `for ${merged.other.email} ` : ''}is now part of{' '}
          {nameOf(merged.keep)}
          {merged.keep.email ? ` (${merged.keep.email})` : ''}; its gifts and history follow within a minute.{' '}
          <Link to={`/supporters/${merged.keep.id}`}>Open {nameOf(merged.keep)}&rsquo;s profile</Link>
        </Notice>
      )}
      <ErrorNotice error={pairs.error} />
      {pairs.isPending ? (
        <Loading what="Looking for duplicates" />
      ) : pairs.data && items.length === 0 ? (
        <p className="empty">
          {pages.page === 1 ? 'No possible duplicates found.' : 'No more possible duplicates.'}
        </p>
      ) : (
        <>
          <ol className="plain duplicate-pairs">
            {items.map((pair) => {
              const [first, second] = pair.supporters;
              if (!first || !second) return null;
              return (
                <li key={`${first.id}-${second.id}`} className="panel">
                  <h2 className="pair-title">
                    {nameOf(first)}{' '}
                    <span className="muted">— {pair.reasons.map((r) => REASONS[r]).join('; ')}</span>
                  </h2>
                  <div className="pair">
                    {[first, second].map((person, index) => (
                      <DuplicateCard
                        key={person.id}
                        person={person}
                        label={index === 0 ? 'Older record' : 'Newer record'}
                        onKeep={
                          mayMerge
                            ? () => setMerging({ keep: person, other: index === 0 ? second : first })
                            : undefined
                        }
                      />
                    ))}
                  </div>
                </li>
              );
            })}
          </ol>
          <Pager
            pages={pages}
            nextCursor={pairs.data?.nextCursor}
            label="Pages of possible duplicates"
            previousLabel="Previous page"
            nextLabel="Next page"
            showPage
          />
        </>
      )}
      <ConfirmDialog
        open={merging !== null}
        title={merging ? `Keep this record of ${nameOf(merging.keep)}?` : 'Merge'}
        confirmLabel="Merge the two records"
        busy={merge.isPending}
        onConfirm={() => merging && merge.mutate(merging)}
        onCancel={() => {
          setMerging(null);
          merge.reset();
        }}
      >
        {merging && <MergeWords keep={merging.keep} other={merging.other} />}
        <ErrorNotice error={merge.error} />
      </ConfirmDialog>
    </>
  );
}
