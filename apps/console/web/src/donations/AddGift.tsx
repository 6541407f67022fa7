import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { donationsApi, subscribersApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import { date, personName } from '../format';
import { FormErrorNotice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { type GiftDraft, giftBody, GiftFields, type GiftProblems, giftProblems } from './GiftFields';
import { type Donor, donorBody, donorProblem, SupporterPicker } from './SupporterPicker';
import './donations.css';

const FIELDS = [
  'supporterId',
  'email',
  'firstName',
  'lastName',
  'amount',
  'receivedAt',
  'method',
  'campaign',
  'reference',
];

/** A cheque, cash, a transfer or a platform gift, recorded by hand; `?supporter=<id>` names the donor. */
export default function AddGift() {
  const [params] = useSearchParams();
  const supporterId = params.get('supporter');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // One key per opening of the form: a double click or a retry records the gift once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [donor, setDonor] = useState<Donor>({ kind: 'existing', id: supporterId, name: '' });
  const [draft, setDraft] = useState<GiftDraft>({
    amount: '',
    receivedAt: date(new Date()),
    method: '',
    campaign: '',
    reference: '',
    giftAid: false,
  });
  const [problems, setProblems] = useState<GiftProblems & { donor?: string }>({});

  const named = useQuery({
    queryKey: ['supporters', supporterId],
    queryFn: () => unwrap(subscribersApi.GET('/supporters/{id}', { params: { path: { id: supporterId! } } })),
    enabled: Boolean(supporterId),
  });
  useEffect(() => {
    if (named.data && donor.kind === 'existing' && donor.id === named.data.id && !donor.name) {
      setDonor({
        ...donor,
        name: personName(named.data.firstName, named.data.lastName, named.data.email ?? ''),
      });
    }
  }, [named.data, donor]);

  const add = useMutation({
    mutationFn: () =>
      unwrap(
        donationsApi.POST('/donations', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body: { ...donorBody(donor), ...giftBody(draft) },
        }),
      ),
    onSuccess: (gift) => {
      void queryClient.invalidateQueries({ queryKey: ['donations'] });
      void queryClient.invalidateQueries({ queryKey: ['supporters'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      navigate(`/donations/${gift.id}`, { state: { added: true } });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = { ...giftProblems(draft), donor: donorProblem(donor) };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    add.mutate();
  };
  const error = add.error instanceof ApiError ? add.error : null;
  const fromProfile = supporterId && donor.kind === 'existing' && donor.id === supporterId;

  return (
    <>
      <p className="breadcrumb">
        {fromProfile ? (
          <Link to={`/supporters/${supporterId}`}>{donor.name || 'Supporter'}</Link>
        ) : (
          <Link to="/donations">Donations</Link>
        )}
      </p>
      <PageHeader title="Add a gift" />
      <p className="lede">
        For gifts that did not come through the online donation form: cheques, cash, bank transfers and the
        like.
      </p>
      <form onSubmit={submit} noValidate className="narrow">
        <FormErrorNotice error={add.error} fields={FIELDS} />
        <SupporterPicker donor={donor} onChange={setDonor} problem={problems.donor} error={error} />
        <GiftFields draft={draft} onChange={setDraft} problems={problems} error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={add.isPending}>
            {add.isPending ? 'Adding the gift…' : 'Add this gift'}
          </button>
          <Link to={fromProfile ? `/supporters/${supporterId}` : '/donations'}>Cancel</Link>
        </div>
      </form>
    </>
  );
}
