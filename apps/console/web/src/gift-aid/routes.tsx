import { lazy } from 'react';
import { Route } from 'react-router-dom';
import { Allowed } from '../auth/Allowed';

const GiftAidScreen = lazy(() => import('./GiftAidScreen'));
const ClaimWizard = lazy(() => import('./ClaimWizard'));
const ClaimPage = lazy(() => import('./ClaimPage'));

/** Gift Aid: what is ready to claim, the claim wizard, a claim's page, oral declarations to confirm. */
export function giftAidRoutes() {
  return (
    <>
      <Route
        path="gift-aid"
        element={
          <Allowed permission="donations:read">
            <GiftAidScreen />
          </Allowed>
        }
      />
      <Route
        path="gift-aid/claims/new"
        element={
          <Allowed permission="donations:write">
            <ClaimWizard />
          </Allowed>
        }
      />
      <Route
        path="gift-aid/claims/:id"
        element={
          <Allowed permission="donations:read">
            <ClaimPage />
          </Allowed>
        }
      />
    </>
  );
}
