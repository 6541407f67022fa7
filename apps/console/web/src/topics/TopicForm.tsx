import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/errors';
import { Field, TextField } from '../ui/Field';
import { FormErrorNotice } from '../ui/Notice';

export interface TopicDraft {
  name: string;
  description: string;
  softOptIn: boolean;
}

const FIELDS = ['name', 'description'] as const;

/**
 * Adding a topic or changing one: its name, the line supporters see under it, and whether donors
 * under the charity soft opt-in may receive it. Problems are shown beside their field. `initial`
 * is read once: give the form a new `key` to start it afresh.
 */
export function TopicForm({
  title,
  level = 2,
  submitLabel,
  initial,
  saving,
  error,
  focusOnOpen = false,
  onSubmit,
  onCancel,
}: {
  title: string;
  /** The heading's level: 2 on its own, 3 inside a topic's box. */
  level?: 2 | 3;
  submitLabel: string;
  initial: TopicDraft;
  saving: boolean;
  error: unknown;
  focusOnOpen?: boolean;
  onSubmit(draft: TopicDraft): void;
  onCancel?(): void;
}) {
  const [form, setForm] = useState(initial);
  const [missingName, setMissingName] = useState(false);
  // A field changed since the last try no longer shows the server's word on it.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const edit = (field: keyof TopicDraft, value: string | boolean) => {
    setForm({ ...form, [field]: value });
    setEdited(new Set([...edited, field]));
  };
  const nameInput = useRef<HTMLInputElement>(null);
  // Opened to change a topic: the person's next step is its name (the parent remounts it per topic).
  useEffect(() => {
    if (focusOnOpen) nameInput.current?.focus();
  }, [focusOnOpen]);
  const apiError = error instanceof ApiError ? error : undefined;
  const serverSays = (field: (typeof FIELDS)[number]) =>
    edited.has(field) ? undefined : apiError?.forField(field);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const draft = { ...form, name: form.name.trim(), description: form.description.trim() };
    setMissingName(draft.name === '');
    setEdited(new Set());
    if (draft.name === '') {
      nameInput.current?.focus();
      return;
    }
    onSubmit(draft);
  };
  return (
    <form aria-label={title} onSubmit={submit} noValidate className="topic-form">
      {level === 2 ? <h2>{title}</h2> : <h3>{title}</h3>}
      <Field
        label="Name"
        hint="What supporters see on their preference page, such as “Appeals”."
        error={missingName ? 'Give the topic a name, such as “Appeals”.' : serverSays('name')}
      >
        {(props) => (
          <input
            {...props}
            ref={nameInput}
            type="text"
            value={form.name}
            maxLength={80}
            onChange={(event) => edit('name', event.target.value)}
          />
        )}
      </Field>
      <TextField
        label="What supporters see under it (optional)"
        hint="One line, such as “When an emergency needs your help”."
        value={form.description}
        maxLength={300}
        error={serverSays('description')}
        onChange={(event) => edit('description', event.target.value)}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={form.softOptIn}
          onChange={(event) => edit('softOptIn', event.target.checked)}
        />{' '}
        Donors under the charity soft opt-in may receive it (our own appeals and campaigns only, never a
        partner’s offer)
      </label>
      <FormErrorNotice error={error} fields={FIELDS} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
