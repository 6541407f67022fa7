/** The wizard's steps in order; the URL's `?step=` names the one shown. */
export const STEPS = [
  { key: 'details', label: 'Name and sender' },
  { key: 'audience', label: 'Audience' },
  { key: 'content', label: 'Content' },
  { key: 'test', label: 'Test' },
  { key: 'send', label: 'Schedule or send' },
] as const;

export type StepKey = (typeof STEPS)[number]['key'];

export const stepFrom = (value: string | null): StepKey =>
  STEPS.find((step) => step.key === value)?.key ?? 'details';

export const nextStep = (step: StepKey): StepKey => {
  const index = STEPS.findIndex((candidate) => candidate.key === step);
  return STEPS[Math.min(index + 1, STEPS.length - 1)]!.key;
};

export const previousStep = (step: StepKey): StepKey => {
  const index = STEPS.findIndex((candidate) => candidate.key === step);
  return STEPS[Math.max(index - 1, 0)]!.key;
};

export const stepPath = (id: string, step: StepKey): string => `/emails/${id}/edit?step=${step}`;
