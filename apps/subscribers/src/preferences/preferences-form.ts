import type { TopicChoice } from '../topics/topics.queries';

const NAME_MAX = 100;

/** What the preference form posted: the name, and the topics ticked (unknown ids ignored). */
export interface PreferencesForm {
  firstName: string;
  lastName: string;
  ticked: ReadonlySet<string>;
}

export type PreferencesErrors = Partial<Record<'firstName' | 'lastName', string>>;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '');

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');

export function preferencesFromForm(body: Record<string, unknown>): PreferencesForm {
  return {
    firstName: text(body.firstName),
    lastName: text(body.lastName),
    ticked: new Set(list(body.topic)),
  };
}

export function preferencesErrors(form: PreferencesForm): PreferencesErrors {
  const errors: PreferencesErrors = {};
  if (form.firstName.length > NAME_MAX)
    errors.firstName = `Enter a first name of ${NAME_MAX} characters or fewer`;
  if (form.lastName.length > NAME_MAX)
    errors.lastName = `Enter a last name of ${NAME_MAX} characters or fewer`;
  return errors;
}

/** The choice on every topic the page showed: ticked means subscribed. */
export const choicesFrom = (form: PreferencesForm, topics: readonly TopicChoice[]): Map<string, boolean> =>
  new Map(topics.map((topic) => [topic.id, form.ticked.has(topic.id)]));
