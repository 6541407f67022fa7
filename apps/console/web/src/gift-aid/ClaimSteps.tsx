export const CLAIM_STEPS = [
  { key: 'review', label: 'Review the gifts' },
  { key: 'create', label: 'Create the claim' },
  { key: 'download', label: 'Download the schedule' },
] as const;

export type ClaimStep = (typeof CLAIM_STEPS)[number]['key'];

/** Where the claim wizard is; the steps are done in order, so they are words, not links. */
export function ClaimSteps({ current }: { current: ClaimStep }) {
  const at = CLAIM_STEPS.findIndex((step) => step.key === current);
  return (
    <nav aria-label="Steps" className="claim-steps">
      <ol>
        {CLAIM_STEPS.map((step, index) => (
          <li key={step.key}>
            <span
              aria-current={index === at ? 'step' : undefined}
              className={index < at ? 'done' : index > at ? 'future' : undefined}
            >
              {step.label}
              {index < at && <span className="visually-hidden"> (done)</span>}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
