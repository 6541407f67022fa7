import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { donationsApi, unwrap } from '../api/clients';
import { money, plural } from '../format';
import { ErrorNotice } from '../ui/Notice';
import { useEligibleSummary, useRefreshGiftAid } from './queries';
import type { Claim } from './words';

/** Step 2: makes a draft claim of the gifts ready now; nothing goes to HMRC from here. */
export function CreateClaim({ onBack, onCreated }: { onBack(): void; onCreated(claim: Claim): void }) {
  const summary = useEligibleSummary();
  const refresh = useRefreshGiftAid();
  const [aggregate, setAggregate] = useState(true);
  const create = useMutation({
    mutationFn: () => unwrap(donationsApi.POST('/gift-aid/claims', { body: { aggregate } })),
    onSuccess: async (claim) => {
      onCreated(claim);
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const ready = summary.data;
  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">Create the claim</h2>
      <form onSubmit={submit}>
        <p>
          {ready
            ? `The claim will hold the ${plural(ready.count, 'gift')} ready to claim (${money(ready.totalAmount, ready.currency)}).`
            : 'The claim will hold the gifts ready to claim.'}{' '}
          A schedule has at most 1,000 lines; any gifts beyond that wait for the next claim. Once created,
          these gifts cannot be claimed again unless the claim is rejected.
        </p>
        <div className="choice">
          <input
            id="aggregate"
            type="checkbox"
            checked={aggregate}
            onChange={(event) => setAggregate(event.target.checked)}
          />
          <label htmlFor="aggregate">
            Add small gifts together on shared lines, as HMRC&rsquo;s aggregated donations (gifts of £20 or
            less unless your organisation set another limit; at most £1,000 a line)
          </label>
        </div>
        <ErrorNotice error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create the claim'}
          </button>
          <button type="button" onClick={onBack} disabled={create.isPending}>
            Back to the gifts
          </button>
        </div>
      </form>
    </section>
  );
}
