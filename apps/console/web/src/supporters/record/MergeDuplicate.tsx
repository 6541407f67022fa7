import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { subscribersApi, unwrap } from '../../api/clients';
import type { components } from '../../api/generated/subscribers';
import { date, personName } from '../../format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextField } from '../../ui/Field';
import { ErrorNotice, Notice } from '../../ui/Notice';
import { MergeWords } from '../duplicates/MergeWords';
import type { Profile } from './words';

type Found = components['schemas']['SupporterListItemDto'];

const nameOf = (found: Found): string =>
  personName(found.firstName, found.lastName, found.email ?? 'No name');

/** On a profile: find another record of the same person and merge it into this one. */
export function MergeDuplicate({ person, name }: { person: Profile; name: string }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [other, setOther] = useState<Found | null>(null);
  const [merged, setMerged] = useState<Found | null>(null);
  const found = useQuery({
    queryKey: ['supporters', 'merge-search', q],
    enabled: q.length >= 2,
    queryFn: () => unwrap(subscribersApi.GET('/supporters', { params: { query: { q, limit: 10 } } })),
  });
  const merge = useMutation({
    mutationFn: (duplicate: Found) =>
      unwrap(
        subscribersApi.POST('/supporters/{id}/merge', {
          params: { path: { id: person.id } },
          body: { otherId: duplicate.id },
        }),
      ),
    onSuccess: async (_profile, duplicate) => {
      setOther(null);
      setMerged(duplicate);
      setQ('');
      await queryClient.invalidateQueries({ queryKey: ['supporters'] });
    },
  });
  const search = (event: FormEvent) => {
    event.preventDefault();
    setMerged(null);
    setQ(draft.trim());
  };
  const candidates = (found.data?.items ?? []).filter((item) => item.id !== person.id);
  return (
    <section aria-labelledby="merge-title" className="panel">
      <h2 id="merge-title">Merge a duplicate into {name}</h2>
      <p>
        If this person was entered twice, find the other record and merge it into this one. See also{' '}
        <Link to="/supporters/duplicates">possible duplicates</Link>.
      </p>
      {merged && (
        <Notice kind="success">
          Merged: the record {merged.email ? `for ${merged.email} ` : ''}is now part of this one; its gifts
          and history follow within a minute.
        </Notice>
      )}
      <form role="search" aria-label="Find the other record" onSubmit={search} className="merge-search">
        <TextField
          label="Find the other record"
          hint="Part of a name or email address."
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          error={q && q.replace(/\s/g, '').length < 2 ? 'Type at least 2 letters or digits.' : undefined}
        />
        <div className="actions">
          <button type="submit">Find records</button>
        </div>
      </form>
      <ErrorNotice error={found.error} />
      {found.data && candidates.length === 0 && <p className="muted">No other record matches.</p>}
      {candidates.length > 0 && (
        <ul className="plain merge-candidates">
          {candidates.map((candidate) => (
            <li key={candidate.id}>
              <span>
                <Link to={`/supporters/${candidate.id}`}>{nameOf(candidate)}</Link>{' '}
                <span className="muted">
                  {candidate.email ?? ''} · added {date(candidate.createdAt)}
                </span>
              </span>
              <button type="button" onClick={() => setOther(candidate)}>
                Merge into {name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={other !== null}
        title={other ? `Merge ${nameOf(other)} into ${name}?` : 'Merge'}
        confirmLabel="Merge the two records"
        busy={merge.isPending}
        onConfirm={() => other && merge.mutate(other)}
        onCancel={() => {
          setOther(null);
          merge.reset();
        }}
      >
        {other && <MergeWords keep={person} other={other} />}
        <ErrorNotice error={merge.error} />
      </ConfirmDialog>
    </section>
  );
}
