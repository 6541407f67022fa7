import { type ReactNode, useId } from 'react';
import { date } from '../../format';
import type { Choice } from '../choices';
import { valueLabel } from '../labels';
import { useCampaignOptions } from '../queries';
import type { ConditionDraft, PeriodUnit } from '../rule-model';
import { TagsInput } from './TagsInput';
import { isTopicField, TopicInput } from './TopicInput';

export const PERIOD_UNITS: { value: PeriodUnit; label: string }[] = [
  { value: 'D', label: 'days' },
  { value: 'W', label: 'weeks' },
  { value: 'M', label: 'months' },
  { value: 'Y', label: 'years' },
];

function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="rule-input">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

function TextInput({
  label,
  value,
  onChange,
  prefix,
  ...rest
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  prefix?: string;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  className?: string;
}) {
  return (
    <Labelled label={label}>
      {(id) => (
        <div className={prefix ? 'with-prefix' : undefined}>
          {prefix && <span aria-hidden="true">{prefix}</span>}
          <input id={id} value={value} onChange={(event) => onChange(event.target.value)} {...rest} />
        </div>
      )}
    </Labelled>
  );
}

/** The value of one condition, with the input its kind needs (money in pounds, dates as DD/MM/YYYY…). */
export function ValueInput({
  choice,
  field,
  draft,
  onChange,
}: {
  choice: Choice;
  field: string;
  draft: ConditionDraft;
  onChange(change: Partial<ConditionDraft>): void;
}) {
  const topics = isTopicField(field);
  const campaigns = useCampaignOptions(
    !topics && (choice.input === 'campaign' || choice.input === 'campaign-list'),
  );
  const [first = '', second = ''] = draft.values;
  const setAt = (index: number) => (value: string) => {
    const values = [...draft.values];
    values[index] = value;
    onChange({ values });
  };
  const toggle = (value: string, on: boolean) =>
    onChange({ values: on ? [...draft.values, value] : draft.values.filter((item) => item !== value) });

  // The schema gives topic ids the shape of email (campaign) ids, which would offer emails here.
  if (topics && (choice.input === 'campaign' || choice.input === 'campaign-list'))
    return (
      <TopicInput
        multiple={choice.input === 'campaign-list'}
        values={draft.values}
        onChange={(values) => onChange({ values })}
      />
    );
  switch (choice.input) {
    case 'none':
      return null;
    case 'enum':
      return (
        <Labelled label="Value">
          {(id) => (
            <select id={id} value={first} onChange={(event) => setAt(0)(event.target.value)}>
              <option value="">Choose…</option>
              {choice.enumValues?.map((value) => (
                <option key={value} value={value}>
                  {valueLabel(field, value)}
                </option>
              ))}
            </select>
          )}
        </Labelled>
      );
    case 'enum-list':
    case 'campaign-list': {
      const options =
        choice.input === 'enum-list'
          ? (choice.enumValues ?? []).map((value) => ({ value, label: valueLabel(field, value) }))
          : (campaigns.data?.items ?? []).map((campaign) => ({ value: campaign.id, label: campaign.name }));
      return (
        <fieldset className="rule-input checklist">
          <legend>Values</legend>
          {options.map((option) => (
            <label key={option.value}>
              <input
                type="checkbox"
                checked={draft.values.includes(option.value)}
                onChange={(event) => toggle(option.value, event.target.checked)}
              />{' '}
              {option.label}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'campaign':
      return (
        <Labelled label="Email">
          {(id) => (
            <select id={id} value={first} onChange={(event) => setAt(0)(event.target.value)}>
              <option value="">{campaigns.isPending ? 'Loading emails…' : 'Choose an email…'}</option>
              {campaigns.data?.items.map((campaign) => (
                <option key={campaign.id} value={campaign.id}>
                  {campaign.name}
                  {campaign.startedAt ? ` (sent ${date(campaign.startedAt)})` : ''}
                </option>
              ))}
            </select>
          )}
        </Labelled>
      );
    case 'tag':
    case 'tag-list':
      return (
        <TagsInput
          label={choice.input === 'tag' ? 'Tag' : 'Tags'}
          values={draft.values}
          multiple={choice.input === 'tag-list'}
          onChange={(values) => onChange({ values })}
        />
      );
    case 'text':
      return <TextInput label="Text" value={first} onChange={setAt(0)} />;
    case 'text-list':
      return <TextInput label="Values, separated by commas" value={first} onChange={setAt(0)} />;
    case 'money':
      return (
        <TextInput
          label="Amount in pounds"
          prefix="£"
          inputMode="decimal"
          placeholder="50.00"
          className="input-money"
          value={first}
          onChange={setAt(0)}
        />
      );
    case 'money-range':
      return (
        <div className="inline-inputs">
          <TextInput
            label="From (£)"
            prefix="£"
            inputMode="decimal"
            className="input-money"
            value={first}
            onChange={setAt(0)}
          />
          <TextInput
            label="To (£)"
            prefix="£"
            inputMode="decimal"
            className="input-money"
            value={second}
            onChange={setAt(1)}
          />
        </div>
      );
    case 'number':
      return (
        <TextInput
          label="Number"
          inputMode="numeric"
          className="input-number"
          value={first}
          onChange={setAt(0)}
        />
      );
    case 'number-range':
      return (
        <div className="inline-inputs">
          <TextInput
            label="From"
            inputMode="numeric"
            className="input-number"
            value={first}
            onChange={setAt(0)}
          />
          <TextInput
            label="To"
            inputMode="numeric"
            className="input-number"
            value={second}
            onChange={setAt(1)}
          />
        </div>
      );
    case 'date':
      return (
        <TextInput
          label="Date (DD/MM/YYYY)"
          placeholder="31/12/2025"
          className="input-date"
          value={first}
          onChange={setAt(0)}
        />
      );
    case 'date-range':
      return (
        <div className="inline-inputs">
          <TextInput
            label="From (DD/MM/YYYY)"
            placeholder="01/01/2025"
            className="input-date"
            value={first}
            onChange={setAt(0)}
          />
          <TextInput
            label="To (DD/MM/YYYY)"
            placeholder="31/12/2025"
            className="input-date"
            value={second}
            onChange={setAt(1)}
          />
        </div>
      );
    case 'period':
      return (
        <div className="inline-inputs">
          <TextInput
            label="How many"
            inputMode="numeric"
            className="input-number"
            value={first}
            onChange={setAt(0)}
          />
          <Labelled label="Unit">
            {(id) => (
              <select
                id={id}
                value={draft.unit}
                onChange={(event) => onChange({ unit: event.target.value as PeriodUnit })}
              >
                {PERIOD_UNITS.map((unit) => (
                  <option key={unit.value} value={unit.value}>
                    {unit.label}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
          {choice.suffix && <span className="rule-words">{choice.suffix}</span>}
        </div>
      );
  }
}
