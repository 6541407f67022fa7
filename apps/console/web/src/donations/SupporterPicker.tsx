import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { subscribersApi, unwrap } from '../api/clients';
import type { ApiError } from '../api/errors';
import { personName } from '../format';
import { TextField } from '../ui/Field';
import { Loading } from '../ui/Notice';

/** Who gave: an existing supporter (found by name or email) or a new one (email and names). */
export type Donor =
  | { kind: 'existing'; id: string | null; name: string }
  | { kind: 'new'; email: string; firstName: string; lastName: string };

export function donorBody(donor: Donor) {
  return donor.kind === 'existing'
    ? { supporterId: donor.id! }
    : {
        email: donor.email.trim(),
        firstName: donor.firstName.trim() || undefined,
        lastName: donor.lastName.trim() || undefined,
      };
}

export function donorProblem(donor: Donor): string | undefined {
  if (donor.kind === 'existing') return donor.id ? undefined : 'Find the supporter and choose them.';
  return /^\S+@\S+\.\S+$/.test(donor.email.trim()) ? undefined : 'Enter the donor’s email address.';
}

export function SupporterPicker({
  donor,
  onChange,
  problem,
  error,
}: {
  donor: Donor;
  onChange(donor: Donor): void;
  problem?: string;
  error: ApiError | null;
}) {
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const matches = useQuery({
    queryKey: ['supporters', 'pick', searched],
    queryFn: () =>
      unwrap(subscribersApi.GET('/supporters', { params: { query: { q: searched, limit: 8 } } })),
    enabled: searched.length >= 2,
  });
  return (
    <fieldset>
      <legend>Donor</legend>
      <label className="choice">
        <input
          type="radio"
          name="donor-kind"
          checked={donor.kind === 'existing'}
          onChange={() => onChange({ kind: 'existing', id: null, name: '' })}
        />
        <span>A supporter already in the system</span>
      </label>
      <label className="choice">
        <input
          type="radio"
          name="donor-kind"
          checked={donor.kind === 'new'}
          onChange={() => onChange({ kind: 'new', email: '', firstName: '', lastName: '' })}
        />
        <span>Someone new: they are added as a supporter (not subscribed to emails)</span>
      </label>
      {donor.kind === 'existing' && donor.id ? (
        <p>
          <strong>{donor.name}</strong>{' '}
          <button type="button" onClick={() => onChange({ kind: 'existing', id: null, name: '' })}>
            Choose someone else
          </button>
        </p>
      ) : donor.kind === 'existing' ? (
        <>
          <div className="inline-search">
            <TextField
              label="Find a supporter"
              hint="Part of their name or email address."
              type="search"
              value={q}
              onChange={(event) => setQ(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  setSearched(q.trim());
                }
              }}
              error={problem ?? error?.forField('supporterId')}
            />
            <button type="button" onClick={() => setSearched(q.trim())}>
              Find
            </button>
          </div>
          {matches.isFetching && <Loading what="Finding supporters" />}
          {matches.data && (
            <ul className="supporter-matches" aria-label="Supporters found">
              {matches.data.items.length === 0 && (
                <li>No supporter matches. Try another spelling, or add someone new.</li>
              )}
              {matches.data.items.map((person) => {
                const name = personName(
                  person.firstName,
                  person.lastName,
                  person.email ?? 'Erased supporter',
                );
                return (
                  <li key={person.id}>
                    <button type="button" onClick={() => onChange({ kind: 'existing', id: person.id, name })}>
                      Choose {name}
                    </button>{' '}
                    {person.email && <span className="muted">{person.email}</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      ) : (
        <>
          <TextField
            label="Email address"
            type="email"
            value={donor.email}
            onChange={(event) => onChange({ ...donor, email: event.target.value })}
            error={problem ?? error?.forField('email')}
          />
          <TextField
            label="First name"
            value={donor.firstName}
            onChange={(event) => onChange({ ...donor, firstName: event.target.value })}
            error={error?.forField('firstName')}
          />
          <TextField
            label="Last name"
            value={donor.lastName}
            onChange={(event) => onChange({ ...donor, lastName: event.target.value })}
            error={error?.forField('lastName')}
          />
        </>
      )}
    </fieldset>
  );
}
