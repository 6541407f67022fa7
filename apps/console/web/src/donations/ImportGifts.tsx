import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { donationsApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import type { components } from '../api/generated/donations';
import { count, dateTime } from '../format';
import { Field, TextField } from '../ui/Field';
import { ErrorNotice, FormErrorNotice, Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { RejectedRows } from '../ui/RejectedRows';
import './donations.css';

type ImportStatus = components['schemas']['GiftsImportStatusDto'];
type Layout = ImportStatus['layout'];

const LAYOUTS: { value: Layout; title: string; explanation: string }[] = [
  {
    value: 'plain',
    title: 'Our own spreadsheet',
    explanation:
      'Columns date (DD/MM/YYYY), amount (in pounds), email, first_name, last_name, method (cheque, cash, bank_transfer…), campaign, reference and gift_aid (yes or no). Each row needs a reference or the donor’s email.',
  },
  {
    value: 'justgiving',
    title: 'JustGiving donation report',
    explanation:
      'The CSV downloaded from JustGiving’s donation report, as it is. Gifts are recorded as “Fundraising platform”; JustGiving claims their Gift Aid itself.',
  },
  {
    value: 'enthuse',
    title: 'Enthuse payments report',
    explanation:
      'The CSV downloaded from Enthuse’s payments report, as it is. Refund lines are left out; Enthuse claims Gift Aid itself.',
  },
];

/** Upload a CSV of gifts in one of three layouts and follow it to its result. */
export default function ImportGifts() {
  const [params, setParams] = useSearchParams();
  const importId = params.get('id');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/donations">Donations</Link>
      </p>
      <PageHeader title="Import gifts" />
      {importId ? (
        <ImportProgress id={importId} onAnother={() => setParams(new URLSearchParams())} />
      ) : (
        <UploadForm onStarted={(id) => setParams(new URLSearchParams({ id }))} />
      )}
    </>
  );
}

function UploadForm({ onStarted }: { onStarted(id: string): void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [layout, setLayout] = useState<Layout>('plain');
  const [campaign, setCampaign] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('layout', layout);
      if (campaign.trim()) form.append('campaign', campaign.trim());
      form.append('file', file!);
      return unwrap(
        donationsApi.POST('/donations/import', {
          body: form as unknown as components['schemas']['GiftsImportUploadDto'],
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
    },
    onSuccess: (started) => {
      queryClient.setQueryData(['donations', 'imports', started.id], started);
      onStarted(started.id);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(file ? undefined : 'Choose a CSV file to import.');
    if (file) upload.mutate();
  };
  const error = upload.error instanceof ApiError ? upload.error : null;
  return (
    <form onSubmit={submit} noValidate className="narrow">
      <FormErrorNotice error={upload.error} fields={['file', 'layout', 'campaign']} />
      <fieldset className="layouts">
        <legend>Where does the file come from?</legend>
        {LAYOUTS.map((choice) => (
          <label className="choice" key={choice.value}>
            <input
              type="radio"
              name="layout"
              checked={layout === choice.value}
              onChange={() => setLayout(choice.value)}
            />
            <span>
              <strong>{choice.title}.</strong> {choice.explanation}
            </span>
          </label>
        ))}
      </fieldset>
      <Field label="CSV file" hint="Up to 100 MB." error={missing ?? error?.forField('file')}>
        {(props) => (
          <input
            {...props}
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setMissing(undefined);
            }}
          />
        )}
      </Field>
      <TextField
        label="Campaign or appeal (optional)"
        hint="For rows that name none, e.g. “London Marathon 2026”."
        value={campaign}
        onChange={(event) => setCampaign(event.target.value)}
        error={error?.forField('campaign')}
      />
      <p className="muted">
        Gifts already imported are recognised and not added twice, so a file can safely be imported again.
        Donors are matched by email address; new ones are added as supporters, not subscribed to emails.
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Import the gifts'}
        </button>
      </div>
    </form>
  );
}

function ImportProgress({ id, onAnother }: { id: string; onAnother(): void }) {
  const status = useQuery({
    queryKey: ['donations', 'imports', id],
    queryFn: () => unwrap(donationsApi.GET('/donation-imports/{id}', { params: { path: { id } } })),
    staleTime: 500,
    refetchInterval: (query) => {
      const current = query.state.data?.status;
      return current === 'completed' || current === 'failed' ? false : 750;
    },
  });
  if (status.error) return <ErrorNotice error={status.error} />;
  if (!status.data) return <p role="status">Checking the import…</p>;
  const current = status.data;
  const finished = current.status === 'completed' || current.status === 'failed';
  return (
    <div className="narrow">
      {!finished && (
        <div className="progress-block">
          <label htmlFor="gifts-import-progress">
            {current.status === 'queued' ? 'Waiting to start' : 'Importing'} {current.fileName ?? 'the file'}:{' '}
            {count(current.rowsDone)}
            {current.totalRows ? ` of ${count(current.totalRows)}` : ''} rows
          </label>
          <progress
            id="gifts-import-progress"
            max={current.totalRows ?? undefined}
            value={current.totalRows ? current.rowsDone : undefined}
          />
          <p className="muted">You can leave this page: the import carries on.</p>
        </div>
      )}
      {current.status === 'failed' && (
        <Notice kind="error">
          The import stopped before the end. The gifts counted below were added; check the file and import it
          again (gifts already added are not added twice).
        </Notice>
      )}
      {finished && <Result current={current} />}
      <div className="actions">
        <button type="button" onClick={onAnother}>
          Import another file
        </button>
        <Link to="/donations">Go to donations</Link>
      </div>
    </div>
  );
}

function Result({ current }: { current: ImportStatus }) {
  return (
    <>
      {current.status === 'completed' && (
        <Notice kind="success">
          Import of {current.fileName ?? 'the file'} finished
          {current.finishedAt ? ` at ${dateTime(current.finishedAt)}` : ''}.
        </Notice>
      )}
      <dl className="counts">
        <div>
          <dt>Gifts added</dt>
          <dd>{count(current.rowsImported)}</dd>
        </div>
        <div>
          <dt>Already recorded</dt>
          <dd>{count(current.rowsDuplicate)}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd>{count(current.rowsFailed)}</dd>
        </div>
      </dl>
      <RejectedRows errors={current.errors} rowsFailed={current.rowsFailed} fileName={current.fileName} />
    </>
  );
}
