import { useId } from 'react';
import {
  type ConditionDraft,
  emptyCondition,
  emptyGroup,
  type GroupDraft,
  type NodeDraft,
} from '../rule-model';
import type { FieldInfo } from '../schema';
import { ConditionRow } from './ConditionRow';

/** Groups nest at most this deep (the language allows 8 levels; "exclude" may add one per level). */
const MOST_NESTED = 3;

/** "All of these" / "Any of these" over conditions and further groups. */
export function GroupBox({
  group,
  number,
  depth,
  fields,
  problems,
  showProblems,
  onChange,
  onRemove,
}: {
  group: GroupDraft;
  number: string;
  depth: number;
  fields: readonly FieldInfo[];
  problems: Map<string, string>;
  showProblems: boolean;
  onChange(next: GroupDraft): void;
  onRemove?: () => void;
}) {
  const id = useId();
  const name = depth === 0 ? 'Rules' : `Group ${number}`;
  const setChild = (index: number, next: NodeDraft) =>
    onChange({ ...group, children: group.children.map((child, at) => (at === index ? next : child)) });
  const removeChild = (index: number) =>
    onChange({ ...group, children: group.children.filter((_, at) => at !== index) });
  const joiner = group.match === 'all' ? 'and' : 'or';
  const problem = problems.get(group.id);
  return (
    <fieldset className={`rule-group depth-${depth}${group.negate ? ' negated' : ''}`}>
      <legend className={depth === 0 ? 'visually-hidden' : undefined}>{name}</legend>
      <div className="group-head">
        <label htmlFor={`${id}-match`}>{depth === 0 ? 'People who match' : 'Match'}</label>
        <select
          id={`${id}-match`}
          value={group.match}
          onChange={(event) => onChange({ ...group, match: event.target.value as 'all' | 'any' })}
        >
          <option value="all">All of these</option>
          <option value="any">Any of these</option>
        </select>
        {depth > 0 && (
          <label className="exclude">
            <input
              type="checkbox"
              checked={group.negate}
              onChange={(event) => onChange({ ...group, negate: event.target.checked })}
            />{' '}
            Exclude everyone this group matches
          </label>
        )}
        {onRemove && (
          <button type="button" className="link-button" onClick={onRemove}>
            Remove <span className="visually-hidden">{name.toLowerCase()}</span>
          </button>
        )}
      </div>
      <ol className="rule-list">
        {group.children.map((child, index) => {
          const childNumber = depth === 0 ? `${index + 1}` : `${number}.${index + 1}`;
          return (
            <li key={child.id}>
              {index > 0 && <span className="joiner">{joiner}</span>}
              {child.kind === 'condition' ? (
                <ConditionRow
                  draft={child}
                  number={childNumber}
                  fields={fields}
                  problem={problems.get(child.id)}
                  showProblem={showProblems}
                  onChange={(next: ConditionDraft) => setChild(index, next)}
                  onRemove={() => removeChild(index)}
                />
              ) : (
                <GroupBox
                  group={child}
                  number={childNumber}
                  depth={depth + 1}
                  fields={fields}
                  problems={problems}
                  showProblems={showProblems}
                  onChange={(next) => setChild(index, next)}
                  onRemove={() => removeChild(index)}
                />
              )}
            </li>
          );
        })}
      </ol>
      {problem && showProblems && <p className="field-error">{problem}</p>}
      <div className="group-actions">
        <button
          type="button"
          onClick={() => onChange({ ...group, children: [...group.children, emptyCondition()] })}
        >
          Add a condition{depth > 0 ? <span className="visually-hidden"> to group {number}</span> : null}
        </button>
        {depth < MOST_NESTED && (
          <button
            type="button"
            onClick={() =>
              onChange({
                ...group,
                children: [...group.children, emptyGroup(group.match === 'all' ? 'any' : 'all')],
              })
            }
          >
            Add a group{depth > 0 ? <span className="visually-hidden"> inside group {number}</span> : null}
          </button>
        )}
      </div>
    </fieldset>
  );
}
