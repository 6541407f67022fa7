import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { donationsApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { TextField } from '../ui/Field';
import { FormErrorNotice } from '../ui/Notice';
import { useRefreshGiftAid } from './queries';
import { dayForApi, type Declaration, UK_DATE_ERROR, ukToday } from './words';

/** Cancels a declaration from a date: gifts from that day on are no longer covered. */
export function CancelDeclaration({ declaration }: { declaration: Declaration }) {
  const refresh = useRefreshGiftAid();
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(ukToday());
  const [invalid, setInvalid] = useState(false);
  const cancel = useMutation({
    mutationFn: (day: string | undefined) =>
      unwrap(
        donationsApi.POST('/gift-aid/declarations/{id}/cancel', {
          params: { path: { id: declaration.id } },
          // Today means from now; another day from its start, London time.
          body: day ? { from: day } : {},
        }),
      ),
    onSuccess: async () => {
      setOpen(false);
      await refresh();
    },
  });
  const error = cancel.error instanceof ApiError ? cancel.error : null;
  return (
    <>
      <button type="button" className="danger-quiet" onClick={() => setOpen(true)}>
        Cancel this declaration
      </button>
      <ConfirmDialog
        open={open}
        title="Cancel this Gift Aid declaration?"
        confirmLabel="Cancel the declaration"
        cancelLabel="Keep it"
        destructive
        busy={cancel.isPending}
        onConfirm={() => {
          const day = dayForApi(from);
          setInvalid(day === 'invalid');
          if (day !== 'invalid') cancel.mutate(day.value);
        }}
        onCancel={() => setOpen(false)}
      >
        <p>
          Gifts made from this date on will not be claimed. Gifts already in a submitted claim are repaid to
          HMRC through the next claim.
        </p>
        {declaration.method === 'oral' && (
          <p>
            An oral declaration cancelled within 30 days of its confirmation is treated as never made,
            whatever the date.
          </p>
        )}
        <FormErrorNotice error={cancel.error} fields={['from']} />
        <TextField
          label="Cancel from"
          hint="DD/MM/YYYY"
          inputMode="numeric"
          autoComplete="off"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
          error={invalid ? UK_DATE_ERROR : error?.forField('from')}
        />
      </ConfirmDialog>
    </>
  );
}
