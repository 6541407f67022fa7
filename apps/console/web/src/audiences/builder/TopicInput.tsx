import { useId } from 'react';
import { useTopics } from '../../topics/queries';

/** The rule language's `topics` field: its values are topic ids, chosen here by name. */
export const isTopicField = (name: string): boolean => name === 'topics';

/**
 * Topics by name, in the topics screen's order, and any saved id no topic has any more (or, while
 * the topics load, each saved one as loading, so the saved choice stays chosen).
 */
function topicOptions(
  topics: readonly { id: string; name: string }[] | undefined,
  chosen: readonly string[],
): { value: string; label: string }[] {
  const options = (topics ?? []).map((topic) => ({ value: topic.id, label: topic.name }));
  const known = new Set(options.map((option) => option.value));
  const gone = chosen
    .filter((id) => id !== '' && !known.has(id))
    .map((id) => ({ value: id, label: topics ? 'A topic that no longer exists' : 'Loading topics…' }));
  return [...options, ...gone];
}

/** One topic ("is on Appeals") from a menu, or several ("any of…") as ticks, named as supporters see them. */
export function TopicInput({
  multiple,
  values,
  onChange,
}: {
  multiple: boolean;
  values: string[];
  onChange(values: string[]): void;
}) {
  const id = useId();
  const topics = useTopics();
  const options = topicOptions(topics.data?.items, values);
  if (!multiple) {
    return (
      <div className="rule-input">
        <label htmlFor={id}>Topic</label>
        <select id={id} value={values[0] ?? ''} onChange={(event) => onChange([event.target.value])}>
          <option value="">{topics.isPending ? 'Loading topics…' : 'Choose a topic…'}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  return (
    <fieldset className="rule-input checklist">
      <legend>Topics</legend>
      {options.map((option) => (
        <label key={option.value}>
          <input
            type="checkbox"
            checked={values.includes(option.value)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...values, option.value]
                  : values.filter((value) => value !== option.value),
              )
            }
          />{' '}
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
