import { useState } from 'react';
import { Link } from 'react-router-dom';
import { money, plural } from '../format';
import { Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { type ClaimStep, ClaimSteps } from './ClaimSteps';
import { CreateClaim } from './CreateClaim';
import { ReviewGifts } from './ReviewGifts';
import { ScheduleDownloads } from './ScheduleDownloads';
import type { Claim } from './words';
import './gift-aid.css';

/** A new claim in three steps: review the gifts, create the claim, download its schedule for HMRC. */
export default function ClaimWizard() {
  const [step, setStep] = useState<ClaimStep>('review');
  const [claim, setClaim] = useState<Claim | null>(null);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/gift-aid">Gift Aid</Link>
      </p>
      <PageHeader title="New Gift Aid claim" />
      <ClaimSteps current={step} />
      {step === 'review' && <ReviewGifts onNext={() => setStep('create')} />}
      {step === 'create' && (
        <CreateClaim
          onBack={() => setStep('review')}
          onCreated={(created) => {
            setClaim(created);
            setStep('download');
          }}
        />
      )}
      {step === 'download' && claim && (
        <section aria-labelledby="download-title">
          <h2 id="download-title">Download the schedule</h2>
          <Notice kind="success">
            Claim created: {plural(claim.donationCount, 'gift')} ({plural(claim.lineCount, 'line')} in HMRC’s
            schedule), {money(claim.totalAmount, claim.currency)} given,{' '}
            {money(claim.giftAidAmount, claim.currency)} of Gift Aid to claim.
            {claim.adjustmentAmount > 0 &&
              ` It also repays ${money(claim.adjustmentGiftAidAmount, claim.currency)} over-claimed earlier (an adjustment).`}
          </Notice>
          <ol className="next-steps">
            <li>Download the schedule and copy its rows into HMRC&rsquo;s schedule spreadsheet.</li>
            <li>Submit it through HMRC Charities Online.</li>
            <li>Mark the claim submitted with HMRC&rsquo;s reference, and paid when the money arrives.</li>
          </ol>
          <ScheduleDownloads claim={claim} />
          <p>
            <Link to={`/gift-aid/claims/${claim.id}`}>Open the claim</Link>
          </p>
        </section>
      )}
    </>
  );
}
