import { useId, useState } from 'react';
import type { Rule } from './rule-model';
import type { FieldInfo } from './schema';

/** The rules as JSON, for the few who want them: hidden until asked for, and editable. */
export function AdvancedRules({
  rule,
  readOnly,
  onApply,
}: {
  rule: Rule | null;
  fields: readonly FieldInfo[];
  readOnly: boolean;
  onApply(rule: Rule): void;
}) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = text ?? (rule ? JSON.stringify(rule, null, 2) : '');
  const apply = () => {
    try {
      const parsed: unknown = JSON.parse(shown);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      onApply(parsed as Rule);
      setText(null);
      setProblem(null);
    } catch {
      setProblem('This is not valid rules code. Check the brackets and quotes.');
    }
  };
  return (
    <details className="advanced">
      <summary>Advanced: the rules as code</summary>
      <div className="field">
        <label htmlFor={id}>Rules as code</label>
        <p className="hint" id={`${id}-hint`}>
          {rule
            ? 'The same rules as above, written as code (JSON) for technical colleagues.'
            : 'Finish the conditions above to see them here.'}
        </p>
        {problem && <p className="field-error">{problem}</p>}
        <textarea
          id={id}
          aria-describedby={`${id}-hint`}
          rows={10}
          spellCheck={false}
          readOnly={readOnly}
          value={shown}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {!readOnly && text !== null && (
        <div className="actions">
          <button type="button" onClick={apply}>
            Use these rules
          </button>
          <button type="button" onClick={() => setText(null)}>
            Discard JSON changes
          </button>
        </div>
      )}
    </details>
  );
}
