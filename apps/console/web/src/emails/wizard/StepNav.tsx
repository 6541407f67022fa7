import { Link } from 'react-router-dom';
import { type StepKey, stepPath, STEPS } from './steps';
import { confirmLeave } from './useUnsavedWarning';

/**
 * Where the wizard is. Once the draft is saved every step is a link; before that (a new email's
 * first two steps) the steps are plain text.
 */
export function StepNav({ current, campaignId }: { current: StepKey; campaignId: string | undefined }) {
  return (
    <nav aria-label="Steps" className="wizard-steps">
      <ol>
        {STEPS.map((step) => {
          const isCurrent = step.key === current;
          return (
            <li key={step.key}>
              {campaignId && !isCurrent ? (
                <Link
                  to={stepPath(campaignId, step.key)}
                  onClick={(event) => {
                    if (!confirmLeave()) event.preventDefault();
                  }}
                >
                  {step.label}
                </Link>
              ) : (
                <span
                  aria-current={isCurrent ? 'step' : undefined}
                  className={isCurrent ? undefined : 'future'}
                >
                  {step.label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
