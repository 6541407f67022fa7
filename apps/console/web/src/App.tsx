import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AcceptInvitation } from './auth/AcceptInvitation';
import { Allowed } from './auth/Allowed';
import { ResetPassword } from './auth/ResetPassword';
import { useSession } from './auth/session';
import { SignIn } from './auth/SignIn';
import { audienceRoutes } from './audiences/routes';
import { donationRoutes } from './donations/routes';
import { emailRoutes } from './emails/routes';
import { giftAidRoutes } from './gift-aid/routes';
import { Home } from './home/Home';
import { SupporterProfile } from './supporters/SupporterProfile';
import { SupportersList } from './supporters/SupportersList';
import { Layout } from './ui/Layout';
import { Loading } from './ui/Notice';
import { PageHeader } from './ui/PageHeader';

// Screens used less often load on first visit, keeping the first load small.
const ImportScreen = lazy(() => import('./supporters/imports/ImportScreen'));
const DuplicatesScreen = lazy(() => import('./supporters/duplicates/DuplicatesScreen'));
const StaffScreen = lazy(() => import('./staff/StaffScreen'));
const AuditLog = lazy(() => import('./audit-log/AuditLog'));
const Outbox = lazy(() => import('./outbox/Outbox'));
const SuppressionsScreen = lazy(() => import('./suppressions/SuppressionsScreen'));
const TopicsScreen = lazy(() => import('./topics/TopicsScreen'));
const TwoFactorSetup = lazy(() => import('./auth/TwoFactorSetup'));

const TWO_FACTOR = '/account/two-factor';

/** Screens behind sign-in: anyone signed out is sent to sign in, then back here. */
function SignedIn({ children }: { children: ReactNode }) {
  const { staff, session, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading what="Opening the console" />;
  if (!staff) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  // An organisation that requires two-factor sign-in for this role: set it up before anything else.
  if (session?.mustSetUpTotp && location.pathname !== TWO_FACTOR) return <Navigate to={TWO_FACTOR} replace />;
  return children;
}

function SignedOutOnly({ children }: { children: ReactNode }) {
  const { staff, loading } = useSession();
  if (loading) return <Loading what="Opening the console" />;
  return staff ? <Navigate to="/" replace /> : children;
}

export function App() {
  return (
    <Routes>
      <Route
        path="/sign-in"
        element={
          <SignedOutOnly>
            <SignIn />
          </SignedOutOnly>
        }
      />
      <Route path="/invite" element={<AcceptInvitation />} />
      <Route path="/reset-password" element={<ResetPassword />} />
      <Route
        element={
          <SignedIn>
            <Layout />
          </SignedIn>
        }
      >
        <Route index element={<Home />} />
        <Route
          path="supporters"
          element={
            <Allowed permission="supporters:read">
              <SupportersList />
            </Allowed>
          }
        />
        <Route
          path="supporters/import"
          element={
            <Allowed permission="supporters:write">
              <ImportScreen />
            </Allowed>
          }
        />
        <Route
          path="supporters/duplicates"
          element={
            <Allowed permission="supporters:read">
              <DuplicatesScreen />
            </Allowed>
          }
        />
        <Route
          path="supporters/:id"
          element={
            <Allowed permission="supporters:read">
              <SupporterProfile />
            </Allowed>
          }
        />
        {audienceRoutes()}
        {emailRoutes()}
        {donationRoutes()}
        {giftAidRoutes()}
        <Route
          path="staff"
          element={
            <Allowed permission="staff:manage">
              <StaffScreen />
            </Allowed>
          }
        />
        <Route
          path="audit-log"
          element={
            <Allowed permission="staff:manage">
              <AuditLog />
            </Allowed>
          }
        />
        <Route
          path="outbox"
          element={
            <Allowed permission="campaigns:read">
              <Outbox />
            </Allowed>
          }
        />
        <Route
          path="topics"
          element={
            <Allowed permission="supporters:write">
              <TopicsScreen />
            </Allowed>
          }
        />
        <Route
          path="suppressions"
          element={
            <Allowed permission="suppressions:write">
              <SuppressionsScreen />
            </Allowed>
          }
        />
        <Route
          path="account/two-factor"
          element={
            <Suspense fallback={<Loading />}>
              <TwoFactorSetup />
            </Suspense>
          }
        />
        <Route
          path="*"
          element={
            <>
              <PageHeader title="Page not found" />
              <p>There is nothing at this address. Use the menu to find your way.</p>
            </>
          }
        />
      </Route>
    </Routes>
  );
}
