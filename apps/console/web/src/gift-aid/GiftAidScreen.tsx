import { PageHeader } from '../ui/PageHeader';
import { AwaitingConfirmation } from './AwaitingConfirmation';
import { ClaimsList } from './ClaimsList';
import { ReadyToClaim } from './ReadyToClaim';
import './gift-aid.css';

/** Gift Aid: what is ready to claim, the oral declarations still to confirm, and every claim. */
export default function GiftAidScreen() {
  return (
    <>
      <PageHeader title="Gift Aid" />
      <ReadyToClaim />
      <AwaitingConfirmation />
      <ClaimsList />
    </>
  );
}
