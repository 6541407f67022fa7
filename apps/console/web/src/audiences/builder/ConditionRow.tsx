import { useId } from 'react';
import { choicesFor } from '../choices';
import { fieldLabel, fieldSection } from '../labels';
import type { ConditionDraft, PeriodUnit } from '../rule-model';
import type { FieldInfo } from '../schema';
import { PERIOD_UNITS, ValueInput } from './ValueInput';

/** The field menu, its fields under plain headings ("Giving", "Newsletter"…). */
function FieldSelect({
  id,
  fields,
  value,
  onChange,
}: {
  id: string;
  fields: readonly FieldInfo[];
  value: string;
  onChange(name: string): void;
}) {
  const sections = new Map<string, FieldInfo[]>();
  for (const field of fields) {
    const section = fieldSection(field.name);
    sections.set(section, [...(sections.get(section) ?? []), field]);
  }
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">Choose…</option>
      {[...sections].map(([section, members]) => (
        <optgroup key={section} label={section}>
          {members.map((field) => (
            <option key={field.name} value={field.name}>
              {fieldLabel(field, field.name)}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** "In the last 12 months" or "at any time", for fields that count activity in a window. */
function WindowInput({
  draft,
  onChange,
}: {
  draft: ConditionDraft;
  onChange(change: Partial<ConditionDraft>): void;
}) {
  const id = useId();
  const windowed = draft.within !== '';
  return (
    <div className="inline-inputs">
      <div className="rule-input">
        <label htmlFor={`${id}-when`}>When</label>
        <select
          id={`${id}-when`}
          value={windowed ? 'window' : 'ever'}
          onChange={(event) =>
            onChange(event.target.value === 'window' ? { within: '12', withinUnit: 'M' } : { within: '' })
          }
        >
          <option value="ever">at any time</option>
          <option value="window">in the last…</option>
        </select>
      </div>
      {windowed && (
        <>
          <div className="rule-input">
            <label htmlFor={`${id}-amount`}>How many</label>
            <input
              id={`${id}-amount`}
              className="input-number"
              inputMode="numeric"
              value={draft.within}
              onChange={(event) => onChange({ within: event.target.value })}
            />
          </div>
          <div className="rule-input">
            <label htmlFor={`${id}-unit`}>Unit</label>
            <select
              id={`${id}-unit`}
              value={draft.withinUnit}
              onChange={(event) => onChange({ withinUnit: event.target.value as PeriodUnit })}
            >
              {PERIOD_UNITS.map((unit) => (
                <option key={unit.value} value={unit.value}>
                  {unit.label}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
    </div>
  );
}

/** One row: field / condition / value, with "exclude" and remove. */
export function ConditionRow({
  draft,
  number,
  fields,
  problem,
  showProblem,
  onChange,
  onRemove,
}: {
  draft: ConditionDraft;
  number: string;
  fields: readonly FieldInfo[];
  problem?: string;
  showProblem: boolean;
  onChange(next: ConditionDraft): void;
  onRemove(): void;
}) {
  const id = useId();
  const field = fields.find((entry) => entry.name === draft.field);
  const choices = field ? choicesFor(field) : [];
  const choice = choices.find((entry) => entry.key === draft.choice);
  const change = (patch: Partial<ConditionDraft>) => onChange({ ...draft, ...patch });
  const name = `Condition ${number}`;
  return (
    <div role="group" aria-label={name} className={draft.negate ? 'rule-row negated' : 'rule-row'}>
      <div className="rule-controls">
        <div className="rule-input">
          <label htmlFor={`${id}-field`}>Field</label>
          <FieldSelect
            id={`${id}-field`}
            fields={fields}
            value={draft.field}
            onChange={(next) => {
              const nextField = fields.find((entry) => entry.name === next);
              const first = nextField ? choicesFor(nextField)[0] : undefined;
              change({ field: next, choice: first?.key ?? '', values: [], within: '', campaign: '' });
            }}
          />
        </div>
        {field && (
          <div className="rule-input">
            <label htmlFor={`${id}-choice`}>Condition</label>
            <select
              id={`${id}-choice`}
              value={draft.choice}
              onChange={(event) => {
                const next = choices.find((entry) => entry.key === event.target.value);
                // Keep what was typed when the input stays the same kind ("at least" → "more than").
                change({
                  choice: event.target.value,
                  values: next?.input === choice?.input ? draft.values : [],
                });
              }}
            >
              {choices.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {entry.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {field && choice && <ValueInput choice={choice} field={field.name} draft={draft} onChange={change} />}
        {field?.window && <WindowInput draft={draft} onChange={change} />}
        {field?.campaign && (
          <div className="rule-input">
            <label htmlFor={`${id}-appeal`}>Only gifts to appeal (optional)</label>
            <input
              id={`${id}-appeal`}
              value={draft.campaign}
              onChange={(event) => change({ campaign: event.target.value })}
            />
          </div>
        )}
      </div>
      <div className="rule-row-actions">
        <label className="exclude">
          <input
            type="checkbox"
            checked={draft.negate}
            onChange={(event) => change({ negate: event.target.checked })}
          />{' '}
          Exclude people who match
        </label>
        <button type="button" className="link-button" onClick={onRemove}>
          Remove <span className="visually-hidden">{name.toLowerCase()}</span>
        </button>
      </div>
      {problem && showProblem && <p className="field-error">{problem}</p>}
    </div>
  );
}
