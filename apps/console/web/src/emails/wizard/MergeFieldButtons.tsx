/** Merge fields the mailer fills per recipient (templates/campaign-content.ts), as buttons insert them. */
const MERGE_FIELDS = [
  { label: 'First name', tag: '{{firstName|friend}}', hint: 'or “friend” when we do not know it' },
  { label: 'Email address', tag: '{{email}}', hint: '' },
] as const;

/** Buttons that put a merge field where the cursor is in the body. */
export function MergeFieldButtons({ onInsert }: { onInsert(tag: string): void }) {
  return (
    <div className="merge-fields" role="group" aria-label="Insert a merge field">
      <span className="hint">Insert:</span>
      {MERGE_FIELDS.map((field) => (
        <button
          key={field.tag}
          type="button"
          title={field.hint ? `${field.tag}, ${field.hint}` : field.tag}
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
