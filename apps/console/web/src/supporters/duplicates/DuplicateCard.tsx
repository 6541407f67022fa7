import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { subscribersApi, unwrap } from '../../api/clients';
import { date, money, plural } from '../../format';
import { phoneWords } from '../record/AddressAndPhone';
import { nameOf, type Person } from './words';

/** One of a pair: who they are, what they gave, and the button that keeps this record. */
export function DuplicateCard({
  person,
  label,
  onKeep,
}: {
  person: Person;
  label: string;
  onKeep?: () => void;
}) {
  // The giving total comes from the profile (cached for when the person opens it).
  const profile = useQuery({
    queryKey: ['supporters', person.id],
    queryFn: () => unwrap(subscribersApi.GET('/supporters/{id}', { params: { path: { id: person.id } } })),
  });
  const totals = profile.data?.donations.totals ?? [];
  const giving = profile.isPending
    ? 'Loading…'
    : totals.length === 0
      ? 'No gifts'
      : totals
          .map((total) => `${plural(total.count, 'gift')}, ${money(total.amount, total.currency)}`)
          .join('; ');
  return (
    <article className="duplicate-card" aria-label={`${label}: ${nameOf(person)}`}>
      <h3>
        <Link to={`/supporters/${person.id}`}>{nameOf(person)}</Link>
        <span className="muted"> · {label}</span>
      </h3>
      <dl className="details">
        <dt>Email</dt>
        <dd className="wrap">{person.email ?? 'None'}</dd>
        <dt>Postcode</dt>
        <dd>{person.postcode ?? 'None'}</dd>
        <dt>Phone</dt>
        <dd>{phoneWords(person.phone) || 'None'}</dd>
        <dt>Giving</dt>
        <dd>{giving}</dd>
        <dt>Added</dt>
        <dd>{date(person.createdAt)}</dd>
      </dl>
      {onKeep && (
        <button type="button" className="primary" onClick={onKeep}>
          Merge into this one
        </button>
      )}
    </article>
  );
}
