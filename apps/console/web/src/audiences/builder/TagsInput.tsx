import { type KeyboardEvent, useId, useState } from 'react';
import { useTagSuggestions } from '../queries';

/**
 * One tag, or a list of tags as removable chips, typed with suggestions from the tags in use
 * (a native datalist: the browser's own keyboard and screen reader support).
 */
export function TagsInput({
  label,
  values,
  multiple,
  onChange,
}: {
  label: string;
  values: string[];
  multiple: boolean;
  onChange(values: string[]): void;
}) {
  const id = useId();
  const [typed, setTyped] = useState(multiple ? '' : (values[0] ?? ''));
  const suggestions = useTagSuggestions(typed);
  const add = () => {
    const tag = typed.trim().replace(/,$/, '');
    if (tag && !values.includes(tag)) onChange([...values, tag]);
    setTyped('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (multiple && (event.key === 'Enter' || event.key === ',')) {
      event.preventDefault();
      add();
    }
  };
  return (
    <div className="rule-input tags-input">
      <label htmlFor={id}>{label}</label>
      {multiple && values.length > 0 && (
        <ul className="chips" aria-label={`${label} chosen`}>
          {values.map((tag) => (
            <li key={tag}>
              <span className="tag">{tag}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove tag ${tag}`}
                onClick={() => onChange(values.filter((value) => value !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="inline-inputs">
        <input
          id={id}
          list={`${id}-tags`}
          autoComplete="off"
          value={typed}
          placeholder={multiple ? 'Type a tag, then Enter' : 'Type a tag'}
          onChange={(event) => {
            setTyped(event.target.value);
            if (!multiple) onChange([event.target.value]);
          }}
          onKeyDown={onKeyDown}
          onBlur={multiple ? add : undefined}
        />
        <datalist id={`${id}-tags`}>
          {suggestions.data?.items.map((item) => (
            <option key={item.tag} value={item.tag}>
              {`${item.tag} (${item.supporters.toLocaleString('en-GB')})`}
            </option>
          ))}
        </datalist>
      </div>
    </div>
  );
}
