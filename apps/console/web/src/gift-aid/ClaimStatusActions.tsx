import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { donationsApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import type { components } from '../api/generated/donations';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { TextField } from '../ui/Field';
import { ErrorNotice, FormErrorNotice, Notice } from '../ui/Notice';
import { useRefreshGiftAid } from './queries';
import { type Claim, dayForApi, UK_DATE_ERROR, ukToday } from './words';

type Change = components['schemas']['UpdateClaimDto'];

function useUpdateClaim(claim: Claim) {
  const refresh = useRefreshGiftAid();
  return useMutation({
    mutationFn: (change: Change) =>
      unwrap(
        donationsApi.PATCH('/gift-aid/claims/{id}', { params: { path: { id: claim.id } }, body: change }),
      ),
    onSuccess: refresh,
  });
}

/** What staff record about a claim at HMRC: submitted (with HMRC's reference), paid, or rejected. */
export function ClaimStatusActions({ claim }: { claim: Claim }) {
  if (claim.status === 'rejected') {
    return <p>This claim was rejected: its gifts can be claimed again in a new claim.</p>;
  }
  return (
    <>
      {claim.status === 'draft' && <MarkSubmitted claim={claim} />}
      {claim.status === 'submitted' && <MarkPaid claim={claim} />}
      {claim.status === 'paid' && <p>HMRC has paid this claim. Nothing more to do.</p>}
      {claim.status !== 'paid' && <Reject claim={claim} />}
    </>
  );
}

function MarkSubmitted({ claim }: { claim: Claim }) {
  const update = useUpdateClaim(claim);
  const [reference, setReference] = useState(claim.hmrcReference ?? '');
  const [day, setDay] = useState(ukToday());
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const submittedAt = dayForApi(day);
    setInvalid(submittedAt === 'invalid');
    if (submittedAt === 'invalid') return;
    update.mutate({
      status: 'submitted',
      ...(reference.trim() && { hmrcReference: reference.trim() }),
      ...(submittedAt.value && { submittedAt: submittedAt.value }),
    });
  };
  const error = update.error instanceof ApiError ? update.error : null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="submitted-title">
      <h3 id="submitted-title">Record the submission to HMRC</h3>
      <FormErrorNotice error={update.error} fields={['hmrcReference', 'submittedAt']} />
      <div className="two-columns">
        <TextField
          label="HMRC reference"
          hint="The submission reference Charities Online gives you. You can add it later."
          autoComplete="off"
          value={reference}
          onChange={(event) => setReference(event.target.value)}
          error={error?.forField('hmrcReference')}
        />
        <TextField
          label="Submitted on"
          hint="DD/MM/YYYY"
          inputMode="numeric"
          autoComplete="off"
          value={day}
          onChange={(event) => setDay(event.target.value)}
          error={invalid ? UK_DATE_ERROR : error?.forField('submittedAt')}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Mark submitted'}
        </button>
      </div>
    </form>
  );
}

function MarkPaid({ claim }: { claim: Claim }) {
  const update = useUpdateClaim(claim);
  const [reference, setReference] = useState(claim.hmrcReference ?? '');
  const [day, setDay] = useState(ukToday());
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);
  const saveReference = useMutation({
    mutationFn: () => update.mutateAsync({ status: 'submitted', hmrcReference: reference.trim() }),
    onSuccess: () => setSaved(true),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const paidAt = dayForApi(day);
    setInvalid(paidAt === 'invalid');
    if (paidAt === 'invalid') return;
    update.mutate({
      status: 'paid',
      ...(reference.trim() && { hmrcReference: reference.trim() }),
      ...(paidAt.value && { paidAt: paidAt.value }),
    });
  };
  const error = update.error instanceof ApiError ? update.error : null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="paid-title">
      <h3 id="paid-title">Record HMRC&rsquo;s payment</h3>
      <FormErrorNotice error={update.error} fields={['hmrcReference', 'paidAt']} />
      {saved && <Notice kind="success">Reference saved.</Notice>}
      <div className="two-columns">
        <TextField
          label="HMRC reference"
          hint="From Charities Online."
          autoComplete="off"
          value={reference}
          onChange={(event) => {
            setReference(event.target.value);
            setSaved(false);
          }}
          error={error?.forField('hmrcReference')}
        />
        <TextField
          label="Paid on"
          hint="DD/MM/YYYY"
          inputMode="numeric"
          autoComplete="off"
          value={day}
          onChange={(event) => setDay(event.target.value)}
          error={invalid ? UK_DATE_ERROR : error?.forField('paidAt')}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Mark paid'}
        </button>
        <button
          type="button"
          disabled={update.isPending || !reference.trim() || reference.trim() === claim.hmrcReference}
          onClick={() => saveReference.mutate()}
        >
          Save the reference only
        </button>
      </div>
    </form>
  );
}

function Reject({ claim }: { claim: Claim }) {
  const update = useUpdateClaim(claim);
  const [open, setOpen] = useState(false);
  return (
    <div className="reject-claim">
      <h3>Rejected by HMRC, or abandoned?</h3>
      <p>Marking the claim rejected releases its gifts: they can go in a new claim.</p>
      <button type="button" className="danger-quiet" onClick={() => setOpen(true)}>
        Mark rejected
      </button>
      <ConfirmDialog
        open={open}
        title="Mark this claim rejected?"
        confirmLabel="Mark rejected"
        cancelLabel="Keep the claim"
        destructive
        busy={update.isPending}
        onConfirm={() => update.mutate({ status: 'rejected' }, { onSuccess: () => setOpen(false) })}
        onCancel={() => setOpen(false)}
      >
        <p>
          Its gifts become claimable again and it cannot be submitted any more. Do this only if HMRC rejected
          it or it was never sent.
        </p>
        <ErrorNotice error={update.error} />
      </ConfirmDialog>
    </div>
  );
}
