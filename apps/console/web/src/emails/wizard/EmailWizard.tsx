import { useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/errors';
import { ErrorNotice, Loading } from '../../ui/Notice';
import { PageHeader } from '../../ui/PageHeader';
import { isEditable } from '../shared/campaign';
import { useCampaign } from '../shared/queries';
import { AudienceStep } from './AudienceStep';
import { ContentStep } from './ContentStep';
import { DetailsStep, detailsOf, EMPTY_DETAILS, type Details } from './DetailsStep';
import { SendStep } from './SendStep';
import { StepNav } from './StepNav';
import { nextStep, type StepKey, stepFrom, stepPath } from './steps';
import { TestStep } from './TestStep';
import '../shared/emails.css';

/**
 * Writing an email, step by step: name and sender, audience, content, test, then schedule or send.
 * A new email lives in this screen until its audience is chosen; from then on it is a saved draft
 * (at /emails/:id/edit) and each step saves before moving on.
 */
export default function EmailWizard() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const campaign = useCampaign(id);
  const [newDetails, setNewDetails] = useState<Details>(EMPTY_DETAILS);
  const [newStep, setNewStep] = useState<StepKey>('details');
  const [refused, setRefused] = useState<ApiError | null>(null);
  const step = id ? stepFrom(params.get('step')) : newStep;
  const goTo = (campaignId: string, to: StepKey) => navigate(stepPath(campaignId, to));

  if (id && campaign.isPending) return <Loading what="Opening the email" />;
  if (id && (campaign.error || !campaign.data)) {
    return (
      <>
        <PageHeader title="Email" />
        <ErrorNotice error={campaign.error} />
        <Link to="/emails">Back to emails</Link>
      </>
    );
  }
  const saved = campaign.data;
  // Sending or sent: nothing left to edit; its own page shows how it is going.
  if (saved && !isEditable(saved.status)) return <Navigate to={`/emails/${saved.id}`} replace />;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/emails">Emails</Link>
      </p>
      <PageHeader title={saved ? `Edit “${saved.name}”` : 'New email'} />
      <StepNav current={step} campaignId={saved?.id} />
      {step === 'details' && (
        <DetailsStep
          key={saved?.updatedAt ?? 'new'}
          campaign={saved}
          initial={saved ? detailsOf(saved) : newDetails}
          refused={saved ? null : refused}
          onDone={(details) => {
            if (saved) return goTo(saved.id, nextStep(step));
            setNewDetails(details);
            setNewStep('audience');
          }}
        />
      )}
      {step === 'audience' && (
        <AudienceStep
          campaign={saved}
          details={newDetails}
          onDone={(campaignId) => navigate(stepPath(campaignId, 'content'), { replace: !saved })}
          {...(!saved && {
            onBack: () => setNewStep('details'),
            onDetailsRefused: (error: ApiError) => {
              setRefused(error);
              setNewStep('details');
            },
          })}
        />
      )}
      {saved && step === 'content' && <ContentStep campaign={saved} onDone={() => goTo(saved.id, 'test')} />}
      {saved && step === 'test' && <TestStep campaign={saved} onDone={() => goTo(saved.id, 'send')} />}
      {saved && step === 'send' && <SendStep campaign={saved} />}
    </>
  );
}
