import { lazy } from 'react';
import { Route } from 'react-router-dom';
import { Allowed } from '../auth/Allowed';

const DonationsList = lazy(() => import('./DonationsList'));
const AddGift = lazy(() => import('./AddGift'));
const GiftPage = lazy(() => import('./GiftPage'));
const ImportGifts = lazy(() => import('./ImportGifts'));
const MonthlyGifts = lazy(() => import('./MonthlyGifts'));

/** Donations: the gifts list with its charts, a gift's page, adding a gift, the import, monthly gifts. */
export function donationRoutes() {
  return (
    <>
      <Route
        path="donations"
        element={
          <Allowed permission="donations:read">
            <DonationsList />
          </Allowed>
        }
      />
      <Route
        path="donations/new"
        element={
          <Allowed permission="donations:write">
            <AddGift />
          </Allowed>
        }
      />
      <Route
        path="donations/import"
        element={
          <Allowed permission="donations:write">
            <ImportGifts />
          </Allowed>
        }
      />
      <Route
        path="donations/monthly"
        element={
          <Allowed permission="donations:read">
            <MonthlyGifts />
          </Allowed>
        }
      />
      <Route
        path="donations/:id"
        element={
          <Allowed permission="donations:read">
            <GiftPage />
          </Allowed>
        }
      />
    </>
  );
}
