import { lazy } from 'react';
import { Route } from 'react-router-dom';
import { Allowed } from '../auth/Allowed';

const EmailsList = lazy(() => import('./list/EmailsList'));
const EmailWizard = lazy(() => import('./wizard/EmailWizard'));
const EmailProgress = lazy(() => import('./progress/EmailProgress'));
const EmailReport = lazy(() => import('./report/EmailReport'));

/** Emails (campaigns): the list, the wizard that writes and sends one, its progress and its report. */
export function emailRoutes() {
  return (
    <>
      <Route
        path="emails"
        element={
          <Allowed permission="campaigns:read">
            <EmailsList />
          </Allowed>
        }
      />
      <Route
        path="emails/new"
        element={
          <Allowed permission="campaigns:write">
            <EmailWizard />
          </Allowed>
        }
      />
      <Route
        path="emails/:id/edit"
        element={
          <Allowed permission="campaigns:write">
            <EmailWizard />
          </Allowed>
        }
      />
      <Route
        path="emails/:id"
        element={
          <Allowed permission="campaigns:read">
            <EmailProgress />
          </Allowed>
        }
      />
      <Route
        path="emails/:id/report"
        element={
          <Allowed permission="campaigns:read">
            <EmailReport />
          </Allowed>
        }
      />
    </>
  );
}
