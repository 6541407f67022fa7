import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { donationsApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { date, dateTime, money } from '../format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorNotice, FormErrorNotice, Loading, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { type GiftDraft, giftBody, GiftFields, type GiftProblems, giftProblems } from './GiftFields';
import { useDonorNames } from './supporter-names';
import { FREQUENCY_LABELS, type Gift, METHOD_LABELS, poundsText, STATUS_LABELS, text } from './labels';
import './donations.css';

const inClaim = (error: unknown) => error instanceof ApiError && error.code === 'gift_in_claim';

/** One gift: what it was, who gave it; an offline gift can be corrected or deleted until it is claimed. */
export default function GiftPage() {
  const { id = '' } = useParams();
  const staff = useStaff();
  const added = (useLocation().state as { added?: boolean } | null)?.added;
  const gift = useQuery({
    queryKey: ['donations', 'gift', id],
    queryFn: () => unwrap(donationsApi.GET('/donations/{id}', { params: { path: { id } } })),
  });
  const donorName = useDonorNames(gift.data ? [gift.data] : []);
  const [editing, setEditing] = useState(false);
  const [locked, setLocked] = useState<string | null>(null);

  if (gift.error) return <ErrorNotice error={gift.error} />;
  if (!gift.data) return <Loading what="Opening the gift" />;
  const current = gift.data;
  const offline = current.method !== 'stripe';
  const donor = donorName(current);
  const supporterId = text(current.supporterId);
  const claim = current.giftAidClaim;
  const mayChange = offline && can(staff.role, 'donations:write') && !locked && !claim;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/donations">Donations</Link>
      </p>
      <PageHeader title={`${money(current.amount, current.currency)} from ${donor}`} />
      {added && <Notice kind="success">The gift has been added.</Notice>}
      {locked && <Notice kind="warning">{locked}</Notice>}
      {claim && offline && (
        <Notice kind="info">
          This gift is in the{' '}
          <Link to={`/gift-aid/claims/${claim.id}`}>Gift Aid claim of {date(claim.createdAt)}</Link>, so it
          can no longer be corrected or deleted.
        </Notice>
      )}
      {editing ? (
        <EditGift gift={current} onDone={() => setEditing(false)} onLocked={setLocked} />
      ) : (
        <>
          <Details gift={current} donor={donor} supporterId={supporterId} />
          {!offline && (
            <p className="muted">
              This gift was paid online through Stripe: it changes only there (a refund, for example).
            </p>
          )}
          {mayChange && (
            <div className="actions">
              <button type="button" onClick={() => setEditing(true)}>
                Correct this gift
              </button>
              <DeleteGift gift={current} onLocked={setLocked} />
            </div>
          )}
        </>
      )}
    </>
  );
}

function Details({ gift, donor, supporterId }: { gift: Gift; donor: string; supporterId: string | null }) {
  const recurring = text(gift.recurringDonationId);
  return (
    <dl className="gift-details">
      <dt>Donor</dt>
      <dd>{supporterId ? <Link to={`/supporters/${supporterId}`}>{donor}</Link> : donor}</dd>
      <dt>Amount</dt>
      <dd>
        {money(gift.amount, gift.currency)}
        {gift.feeAmount > 0 && ` (and ${money(gift.feeAmount, gift.currency)} to cover fees)`}
        {gift.refundedAmount > 0 && `, ${money(gift.refundedAmount, gift.currency)} refunded`}
      </dd>
      <dt>{gift.method === 'stripe' ? 'Paid' : 'Received'}</dt>
      <dd>{date(text(gift.paidAt) ?? gift.createdAt)}</dd>
      <dt>Method</dt>
      <dd>{METHOD_LABELS[gift.method]}</dd>
      <dt>Kind</dt>
      <dd>
        {FREQUENCY_LABELS[gift.frequency]}
        {recurring && ' (an instalment of a monthly gift)'}
      </dd>
      <dt>Status</dt>
      <dd>{STATUS_LABELS[gift.status]}</dd>
      <dt>Campaign or appeal</dt>
      <dd>{text(gift.campaign) ?? '—'}</dd>
      <dt>Reference</dt>
      <dd>{gift.reference ?? '—'}</dd>
      <dt>Gift Aid</dt>
      <dd>
        {gift.giftAid
          ? 'A declaration covers it'
          : gift.giftAidApplies
            ? 'Applies: claimable once a Gift Aid declaration covers it'
            : 'Does not apply'}
      </dd>
      {gift.recordedBy && (
        <>
          <dt>Recorded by</dt>
          <dd>
            {gift.recordedBy} on {dateTime(gift.createdAt)}
          </dd>
        </>
      )}
    </dl>
  );
}

function EditGift({
  gift,
  onDone,
  onLocked,
}: {
  gift: Gift;
  onDone(): void;
  onLocked(message: string): void;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<GiftDraft>({
    amount: poundsText(gift.amount),
    receivedAt: date(text(gift.paidAt) ?? gift.createdAt),
    method: gift.method === 'stripe' ? '' : gift.method,
    campaign: text(gift.campaign) ?? '',
    reference: gift.reference ?? '',
    giftAid: gift.giftAidApplies ?? false,
  });
  const [problems, setProblems] = useState<GiftProblems>({});
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        donationsApi.PATCH('/donations/{id}', { params: { path: { id: gift.id } }, body: giftBody(draft) }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(['donations', 'gift', gift.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['donations'] });
      onDone();
    },
    onError: (error) => {
      if (inClaim(error)) {
        onLocked((error as ApiError).message);
        onDone();
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = giftProblems(draft);
    setProblems(found);
    if (!Object.values(found).some(Boolean)) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="narrow">
      <h2>Correct this gift</h2>
      <FormErrorNotice
        error={save.error}
        fields={['amount', 'receivedAt', 'method', 'campaign', 'reference']}
      />
      <GiftFields
        draft={draft}
        onChange={setDraft}
        problems={problems}
        error={save.error instanceof ApiError ? save.error : null}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save the corrections'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteGift({ gift, onLocked }: { gift: Gift; onLocked(message: string): void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => donationsApi.DELETE('/donations/{id}', { params: { path: { id: gift.id } } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['donations'] });
      navigate('/donations');
    },
    onError: (error) => {
      setOpen(false);
      if (inClaim(error)) onLocked((error as ApiError).message);
    },
  });
  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Delete this gift
      </button>
      {remove.error && !inClaim(remove.error) && <ErrorNotice error={remove.error} />}
      <ConfirmDialog
        open={open}
        title={`Delete the gift of ${money(gift.amount, gift.currency)}?`}
        confirmLabel="Delete the gift"
        cancelLabel="Keep it"
        destructive
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setOpen(false)}
      >
        <p>Only for a gift entered by mistake. It leaves every total and the donor’s giving history.</p>
      </ConfirmDialog>
    </>
  );
}
