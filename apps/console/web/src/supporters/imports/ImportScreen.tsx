import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { subscribersApi, unwrap } from '../../api/clients';
import { ApiError } from '../../api/errors';
import type { components } from '../../api/generated/subscribers';
import { count, dateTime, plural } from '../../format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Field, TextField } from '../../ui/Field';
import { ErrorNotice, FormErrorNotice, Notice } from '../../ui/Notice';
import { PageHeader } from '../../ui/PageHeader';
import { RejectedRows } from '../../ui/RejectedRows';

type ImportStatus = components['schemas']['ImportStatusDto'];

/** Counted in the browser to say how many people an import touches; past this size the count is skipped. */
const COUNT_LIMIT_BYTES = 20 * 1024 * 1024;

async function dataRows(file: File): Promise<number | null> {
  if (file.size > COUNT_LIMIT_BYTES) return null;
  const lines = (await file.text()).split(/\r\n|\n|\r/).filter((line) => line.trim() !== '');
  return Math.max(0, lines.length - 1);
}

/** Upload a CSV of supporters, choose what consent it carries, and follow the import to its result. */
export default function ImportScreen() {
  const [params, setParams] = useSearchParams();
  const importId = params.get('id');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/supporters">Supporters</Link>
      </p>
      <PageHeader title="Import supporters" />
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
  const [consent, setConsent] = useState<'none' | 'given'>('none');
  const [consentSource, setConsentSource] = useState('');
  const [missing, setMissing] = useState<{ file?: string; consentSource?: string }>({});
  const [confirming, setConfirming] = useState<{ rows: number | null } | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('file', file!);
      if (consent === 'given') form.append('consentSource', consentSource.trim());
      return unwrap(
        subscribersApi.POST('/supporters/import', {
          body: form as unknown as components['schemas']['ImportUploadDto'],
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
    },
    onSuccess: (started) => {
      // The upload's answer is the import's first state: the progress shows at once.
      queryClient.setQueryData(['imports', started.id], started);
      setConfirming(null);
      onStarted(started.id);
    },
    onError: () => setConfirming(null),
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = {
      file: file ? undefined : 'Choose a CSV file to import.',
      consentSource:
        consent === 'given' && !consentSource.trim()
          ? 'Say where these people gave their consent.'
          : undefined,
    };
    setMissing(problems);
    if (problems.file || problems.consentSource) return;
    setConfirming({ rows: await dataRows(file!) });
  };
  const error = upload.error instanceof ApiError ? upload.error : null;
  const who =
    confirming?.rows == null ? 'the people in this file' : plural(confirming.rows, 'person', 'people');

  return (
    <>
      <form onSubmit={(event) => void submit(event)} noValidate className="narrow">
        <FormErrorNotice error={upload.error} fields={['file', 'consentSource']} />
        <Field
          label="CSV file"
          hint="A Mailchimp audience export, or a file with the columns email, first_name, last_name, tags (and optionally optin_time). Up to 100 MB."
          error={missing.file ?? error?.forField('file')}
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".csv,text/csv"
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setMissing({ ...missing, file: undefined });
              }}
            />
          )}
        </Field>
        <fieldset>
          <legend>Did these people agree to receive your newsletter?</legend>
          <label className="choice">
            <input
              type="radio"
              name="consent"
              checked={consent === 'none'}
              onChange={() => setConsent('none')}
            />
            <span>
              <strong>No, or I am not sure.</strong> Everyone is added as a contact. Nobody is subscribed to
              the newsletter.
            </span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name="consent"
              checked={consent === 'given'}
              onChange={() => setConsent('given')}
            />
            <span>
              <strong>Yes, they opted in.</strong> People whose row has an opt-in or confirmation time are
              subscribed; the rest are added as contacts only. People already unsubscribed or bounced stay as
              they are.
            </span>
          </label>
        </fieldset>
        {consent === 'given' && (
          <TextField
            label="Where did they give consent?"
            hint="Kept in each person's consent history as evidence, e.g. “Mailchimp sign-up form 2024”."
            value={consentSource}
            onChange={(event) => {
              setConsentSource(event.target.value);
              setMissing({ ...missing, consentSource: undefined });
            }}
            error={missing.consentSource ?? error?.forField('consentSource')}
          />
        )}
        <p className="muted">
          People who are already in the system are merged by email address: names only fill gaps and tags are
          added. Erased people are never imported again.
        </p>
        <div className="actions">
          <button type="submit" className="primary">
            Check and import
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming !== null}
        title={`Import ${who}?`}
        confirmLabel={confirming?.rows == null ? 'Import' : `Import ${plural(confirming.rows, 'row')}`}
        busy={upload.isPending}
        onConfirm={() => upload.mutate()}
        onCancel={() => setConfirming(null)}
      >
        <p>
          {confirming?.rows == null
            ? `${file?.name ?? 'The file'} will add or update ${who}.`
            : `${file?.name ?? 'The file'} has ${plural(confirming.rows, 'row')}: each adds or updates one person, matched by email address. Rows with a problem are left out and listed afterwards.`}{' '}
          {consent === 'given'
            ? `Those with an opt-in time will be subscribed to the newsletter, with “${consentSource.trim()}” recorded as where they agreed.`
            : 'Nobody will be subscribed to the newsletter.'}
        </p>
      </ConfirmDialog>
    </>
  );
}

function ImportProgress({ id, onAnother }: { id: string; onAnother(): void }) {
  const status = useQuery({
    queryKey: ['imports', id],
    queryFn: () => unwrap(subscribersApi.GET('/imports/{id}', { params: { path: { id } } })),
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
      {!finished && <Running current={current} />}
      {current.status === 'failed' && (
        <Notice kind="error">
          The import stopped before the end. The rows counted below were imported; check the file and import
          it again (people already imported are merged, not duplicated).
        </Notice>
      )}
      {finished && <Result current={current} />}
      <div className="actions">
        <button type="button" onClick={onAnother}>
          Import another file
        </button>
        <Link to="/supporters">Go to supporters</Link>
      </div>
    </div>
  );
}

function Running({ current }: { current: ImportStatus }) {
  const label = current.status === 'queued' ? 'Waiting to start' : 'Importing';
  return (
    <div className="progress-block">
      <label htmlFor="import-progress">
        {label} {current.fileName ?? 'the file'}: {count(current.rowsDone)}
        {current.totalRows ? ` of ${count(current.totalRows)}` : ''} rows
      </label>
      <progress
        id="import-progress"
        max={current.totalRows ?? undefined}
        value={current.totalRows ? current.rowsDone : undefined}
      />
      <p className="muted">You can leave this page: the import carries on, and Home tells you if it fails.</p>
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
          <dt>Imported</dt>
          <dd>{count(current.rowsImported)}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd>{count(current.rowsFailed)}</dd>
        </div>
        <div>
          <dt>Skipped (erased people)</dt>
          <dd>{count(current.rowsSkipped)}</dd>
        </div>
      </dl>
      <RejectedRows errors={current.errors} rowsFailed={current.rowsFailed} fileName={current.fileName} />
    </>
  );
}
