/** Name tags (the mailer's merge fields, templates/campaign-content.ts) filled in per recipient, as buttons insert them. */
const MERGE_FIELDS = [
  { label: 'First name', tag: '{{firstName|friend}}', hint: 'or “friend” when we do not know it' },
  { label: 'Email address', tag: '{{email}}', hint: '' },
] as const;

/** Buttons that put a name tag where the cursor is. */
export function MergeFieldButtons({ onInsert }: { onInsert(tag: string): void }) {
  return (
    <div className="merge-fields" role="group" aria-label="Insert a name tag">
      <span className="hint">Insert:</span>
      {MERGE_FIELDS.map((field) => (
        <button
          key={field.tag}
          type="button"
          title={
            field.hint
              ? `Their ${field.label.toLowerCase()}, ${field.hint}`
              : `Their ${field.label.toLowerCase()}`
          }
          // Keeps the cursor in the body, so the tag goes where it was.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onInsert(field.tag)}
        >
          {field.label}
        </button>
      ))}
    </div>
  );
}

/** The mailer's "unknown merge field {{x}}; merge fields are …" in a fundraiser's words. */
export function plainTagError(message: string | undefined): string | undefined {
  const unknown = message && /unknown merge field (\{\{[^}]*\}\})/i.exec(message);
  if (!unknown) return message;
  return `${unknown[1]} is not a name tag we can fill in. Use the buttons to insert a first name or email address.`;
}
