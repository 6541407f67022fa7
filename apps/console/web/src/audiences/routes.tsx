import { lazy } from 'react';
import { Route } from 'react-router-dom';
import { Allowed } from '../auth/Allowed';

const AudiencesList = lazy(() => import('./AudiencesList'));
const AudienceEditor = lazy(() => import('./AudienceEditor'));

/** Audiences (saved segments): the list, and the builder for a new or existing one. */
export function audienceRoutes() {
  return (
    <>
      <Route
        path="audiences"
        element={
          <Allowed permission="segments:read">
            <AudiencesList />
          </Allowed>
        }
      />
      <Route
        path="audiences/:id"
        element={
          <Allowed permission="segments:read">
            <AudienceEditor />
          </Allowed>
        }
      />
    </>
  );
}
