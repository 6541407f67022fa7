import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { subscribersApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import type { components } from '../api/generated/subscribers';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { date, dateTime, money, personName, plural, words } from '../format';
import { GiftAidDeclarations } from '../gift-aid/GiftAidDeclarations';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Field, TextField } from '../ui/Field';
import { ErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { consentSentence } from './consent';
import { saveFile } from './download';
import { sourceLabel, subscriptionLabel } from './labels';
import { AddressAndPhone } from './record/AddressAndPhone';
import { ContactPreferences } from './record/ContactPreferences';
import { DeceasedBanner, RecordDeath } from './record/Death';
import { FpsRequests } from './record/FpsRequests';
import { MergeDuplicate } from './record/MergeDuplicate';
import './record/record.css';

type Profile = components['schemas']['SupporterProfileDto'];

const MONTHLY_STATUS: Record<string, string> = {
  incomplete: 'Not started',
  active: 'Active',
  past_due: 'Payment overdue',
  cancelled: 'Cancelled',
};
const GIFT_STATUS: Record<string, string> = {
  pending: 'Pending',
  succeeded: 'Paid',
  failed: 'Failed',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export function SupporterProfile() {
  const { id = '' } = useParams();
  const staff = useStaff();
  const profile = useQuery({
    queryKey: ['supporters', id],
    queryFn: () => unwrap(subscribersApi.GET('/supporters/{id}', { params: { path: { id } } })),
  });
  if (profile.isPending) return <Loading what="Opening the profile" />;
  if (profile.error || !profile.data) {
    return (
      <>
        <PageHeader title="Supporter" />
        <ErrorNotice error={profile.error} />
        <Link to="/supporters">Back to supporters</Link>
      </>
    );
  }
  const person = profile.data;
  const name = personName(person.firstName, person.lastName, person.email ?? 'Erased supporter');
  const editable = can(staff.role, 'supporters:write') && !person.erasedAt && !person.mergedIntoId;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/supporters">Supporters</Link>
      </p>
      <PageHeader title={name}>
        {!person.erasedAt && <DownloadData supporterId={person.id} name={name} />}
      </PageHeader>
      {person.erasedAt && (
        <Notice kind="warning">
          This person&rsquo;s personal data was erased on {date(person.erasedAt)}. Only anonymous records
          remain.
        </Notice>
      )}
      {person.mergedIntoId && (
        <Notice kind="info">
          This record was a duplicate and was merged. Its history is now on{' '}
          <Link to={`/supporters/${person.mergedIntoId}`}>the kept record</Link>.
        </Notice>
      )}
      <DeceasedBanner person={person} name={name} />
      <div className="profile-grid">
        <section aria-labelledby="details-title" className="panel">
          <h2 id="details-title">Details</h2>
          {editable ? <EditDetails person={person} /> : <ReadDetails person={person} />}
        </section>
        {!person.erasedAt && <AddressAndPhone person={person} editable={editable} />}
        <ContactPreferences person={person} editable={editable && !person.deceased} />
        <FpsRequests person={person} editable={editable && !person.deceased} />
        <section aria-labelledby="subscription-title" className="panel">
          <h2 id="subscription-title">Newsletter</h2>
          <p>
            <strong>{subscriptionLabel(person.subscription?.status)}</strong>
            {person.subscription?.confirmedAt && person.subscription.status === 'subscribed'
              ? ` since ${date(person.subscription.confirmedAt)}`
              : ''}
            {person.deceased && person.subscription?.status === 'subscribed' && (
              <span className="muted"> (not emailed: their death is recorded)</span>
            )}
          </p>
          <h3>Consent history</h3>
          {person.consentHistory.length === 0 ? (
            <p className="muted">No consent recorded.</p>
          ) : (
            <ol className="history">
              {person.consentHistory.map((event, index) => (
                <li key={`${event.occurredAt}-${index}`}>
                  {consentSentence(event)}.
                  {event.wording && (
                    <details>
                      <summary>Wording they agreed to</summary>
                      <blockquote>{event.wording}</blockquote>
                    </details>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
        <Giving person={person} />
        <GiftAidDeclarations supporter={person} />
        <section aria-labelledby="emails-title" className="panel">
          <h2 id="emails-title">Emails received</h2>
          {person.emailsReceived.length === 0 ? (
            <p className="muted">No emails sent to this person yet.</p>
          ) : (
            <Table columns={['Email', 'Kind', 'Sent', 'Status']}>
              {person.emailsReceived.map((email, index) => (
                <tr key={`${email.name}-${index}`}>
                  <td>{words(email.name)}</td>
                  <td>{email.kind === 'campaign' ? 'Campaign' : 'Automatic'}</td>
                  <td>{dateTime(email.sentAt) || 'Not sent'}</td>
                  <td>{words(email.status)}</td>
                </tr>
              ))}
            </Table>
          )}
        </section>
      </div>
      {editable && <MergeDuplicate person={person} name={name} />}
      {editable && <RecordDeath person={person} name={name} />}
      {editable && <Erase person={person} name={name} />}
    </>
  );
}

function ReadDetails({ person }: { person: Profile }) {
  return (
    <dl className="details">
      <dt>Name</dt>
      <dd>{personName(person.firstName, person.lastName, 'Not known')}</dd>
      <dt>Email</dt>
      <dd className="wrap">{person.email ?? 'Erased'}</dd>
      <dt>Tags</dt>
      <dd>
        {person.tags.length === 0
          ? 'None'
          : person.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
      </dd>
      <dt>Notes</dt>
      <dd className="notes">{person.notes || 'None'}</dd>
      <dt>Came from</dt>
      <dd>{sourceLabel(person.source)}</dd>
      <dt>Added</dt>
      <dd>{date(person.createdAt)}</dd>
    </dl>
  );
}

const splitTags = (text: string): string[] =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

function EditDetails({ person }: { person: Profile }) {
  const queryClient = useQueryClient();
  const initial = {
    firstName: person.firstName ?? '',
    lastName: person.lastName ?? '',
    tags: person.tags.join(', '),
    notes: person.notes ?? '',
  };
  const [form, setForm] = useState(initial);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [form]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        subscribersApi.PATCH('/supporters/{id}', {
          params: { path: { id: person.id } },
          body: {
            firstName: form.firstName.trim() || null,
            lastName: form.lastName.trim() || null,
            tags: splitTags(form.tags),
            notes: form.notes.trim() || null,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['supporters'] });
      setSaved(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const error = save.error instanceof ApiError ? save.error : null;
  const changed = JSON.stringify(form) !== JSON.stringify(initial);
  return (
    <form onSubmit={submit} noValidate>
      {save.error && !error?.fieldErrors ? <ErrorNotice error={save.error} /> : null}
      {error && Object.keys(error.fieldErrors).length === 0 && <ErrorNotice error={error} />}
      {saved && !changed && <Notice kind="success">Saved.</Notice>}
      <p className="wrap">
        <span className="muted">Email: </span>
        {person.email}
      </p>
      <div className="two-columns">
        <TextField
          label="First name"
          autoComplete="off"
          value={form.firstName}
          onChange={(event) => setForm({ ...form, firstName: event.target.value })}
          error={error?.forField('firstName')}
        />
        <TextField
          label="Last name"
          autoComplete="off"
          value={form.lastName}
          onChange={(event) => setForm({ ...form, lastName: event.target.value })}
          error={error?.forField('lastName')}
        />
      </div>
      <TextField
        label="Tags"
        hint="Separate tags with commas, e.g. volunteer, london."
        value={form.tags}
        onChange={(event) => setForm({ ...form, tags: event.target.value })}
        error={error?.forField('tags')}
      />
      <Field label="Notes" error={error?.forField('notes')}>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={form.notes}
            onChange={(event) => setForm({ ...form, notes: event.target.value })}
          />
        )}
      </Field>
      <p className="muted">
        Added on {date(person.createdAt)}, from {sourceLabel(person.source)}.
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending || !changed}>
          {save.isPending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

function Giving({ person }: { person: Profile }) {
  const { totals, monthlyGifts, lastGift, gifts } = person.donations;
  const mayAddGift = can(useStaff().role, 'donations:write') && !person.erasedAt;
  return (
    <section aria-labelledby="giving-title" className="panel">
      <h2 id="giving-title">Giving</h2>
      {totals.length === 0 ? (
        <p className="muted">No gifts recorded.</p>
      ) : (
        <p>
          {totals
            .map((total) => `${money(total.amount, total.currency)} in ${plural(total.count, 'gift')}`)
            .join('; ')}
          {lastGift &&
            `, most recently ${money(lastGift.amount, lastGift.currency)} on ${date(lastGift.paidAt)}`}
          .
        </p>
      )}
      {monthlyGifts.length > 0 && (
        <>
          <h3>Monthly gifts</h3>
          <ul className="plain">
            {monthlyGifts.map((gift) => (
              <li key={gift.id}>
                {money(gift.amount, gift.currency)} a month: {MONTHLY_STATUS[gift.status] ?? gift.status}
                {gift.startedAt && `, since ${date(gift.startedAt)}`}
                {gift.cancelledAt && `, cancelled ${date(gift.cancelledAt)}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {gifts.length > 0 && (
        <>
          <h3>Gifts</h3>
          <Table columns={['Date', { label: 'Amount', number: true }, 'Kind', 'Status', 'Gift Aid']}>
            {gifts.map((gift) => (
              <tr key={gift.id}>
                <td>{date(gift.paidAt ?? gift.createdAt)}</td>
                <td className="number">{money(gift.amount, gift.currency)}</td>
                <td>{gift.frequency === 'monthly' ? 'Monthly' : 'One-off'}</td>
                <td>{GIFT_STATUS[gift.status] ?? gift.status}</td>
                <td>{gift.giftAid ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </Table>
        </>
      )}
      {mayAddGift && (
        <p>
          <Link className="button" to={`/donations/new?supporter=${person.id}`}>
            Add a gift
          </Link>
        </p>
      )}
    </section>
  );
}

function DownloadData({ supporterId, name }: { supporterId: string; name: string }) {
  const download = useMutation({
    mutationFn: async () => {
      const { data } = await subscribersApi.GET('/supporters/{id}/export', {
        params: { path: { id: supporterId } },
        parseAs: 'blob',
      });
      const slug =
        name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'supporter';
      // openapi-fetch has already read the body into this blob; reading the response again throws.
      saveFile(data as Blob, `${slug}-data.json`, 'application/json');
    },
  });
  return (
    <>
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? 'Preparing…' : 'Download their data'}
      </button>
      <ErrorNotice error={download.error} />
    </>
  );
}

function Erase({ person, name }: { person: Profile; name: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const expected = personName(person.firstName, person.lastName, person.email ?? '');
  const matches = typed.trim().toLowerCase() === expected.trim().toLowerCase();
  const erase = useMutation({
    mutationFn: () =>
      unwrap(subscribersApi.DELETE('/supporters/{id}', { params: { path: { id: person.id } } })),
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['supporters'] });
      void navigate('/supporters', { state: { erased: name } });
    },
  });
  const givesMoney = person.donations.totals.length > 0;
  return (
    <section aria-labelledby="erase-title" className="panel danger-zone">
      <h2 id="erase-title">Erase this person</h2>
      <p>
        Erasing removes {name}&rsquo;s name, email address, notes and tags from every part of the system, and
        they will never be emailed again, even if they are in a later import. It cannot be undone.
      </p>
      <p>
        {givesMoney
          ? 'Their gifts stay as anonymous amounts so the accounts still add up. Gift Aid declarations (the name and home address HMRC requires) are kept for 6 years, as the law requires, and are then deleted.'
          : 'Any Gift Aid declaration (the name and home address HMRC requires) would be kept for 6 years, as the law requires.'}
      </p>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Erase {name}
      </button>
      <ConfirmDialog
        open={open}
        title={`Erase ${name}?`}
        confirmLabel="Erase 1 person"
        destructive
        canConfirm={matches}
        busy={erase.isPending}
        onConfirm={() => erase.mutate()}
        onCancel={() => {
          setOpen(false);
          setTyped('');
        }}
      >
        <p>This permanently erases the personal data of 1 person. It cannot be undone.</p>
        <TextField
          label={`Type their name, ${expected}, to confirm`}
          autoComplete="off"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
        <ErrorNotice error={erase.error} />
      </ConfirmDialog>
    </section>
  );
}
