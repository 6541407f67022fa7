import { useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { Link } from 'react-router-dom';
import { consoleApi, donationsApi, mailerApi, subscribersApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { count, date, money, plural } from '../format';
import { ErrorNotice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';

const CURRENCY = 'gbp';
// Chart.js loads only when the charts are shown, keeping the console's first load small.
const IncomeCharts = lazy(() => import('../donations/charts/IncomeCharts'));

/**
 * One figure on Home: a label, the value (or a quiet dash while unknown), and the screen it leads
 * to when there is one (the label is the link; the whole card answers a click).
 */
function Figure({
  label,
  value,
  detail,
  to,
  loading,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  to?: string;
  loading: boolean;
}) {
  const shown = loading ? (
    <span className="muted">…</span>
  ) : (
    (value ?? <span className="muted">Not available</span>)
  );
  return (
    <div className={to ? 'figure linked' : 'figure'}>
      <h2 className="figure-label">{to ? <Link to={to}>{label}</Link> : label}</h2>
      <p className="figure-value">{shown}</p>
      {detail && !loading && <p className="figure-detail">{detail}</p>}
    </div>
  );
}

/** A dashboard a role may not read (403) is left out rather than shown as an error. */
const allowedOr = <T,>(request: Promise<T>): Promise<T | null> =>
  request.catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 403) return null;
    throw error;
  });

const inCurrency = <T extends { currency: string; amount: number }>(lines: readonly T[]): number =>
  lines.filter((line) => line.currency === CURRENCY).reduce((sum, line) => sum + line.amount, 0);

/** Income in one period (after refunds, in CURRENCY) and how many gifts made it. */
function IncomeFigure({
  label,
  totals,
  loading,
}: {
  label: string;
  totals: readonly { currency: string; amount: number; count: number }[] | undefined;
  loading: boolean;
}) {
  return (
    <Figure
      label={label}
      loading={loading}
      value={totals && money(inCurrency(totals), CURRENCY)}
      detail={
        totals &&
        plural(
          totals.reduce((sum, line) => sum + line.count, 0),
          'gift',
        )
      }
    />
  );
}

/** The first screen after sign-in: how the organisation is doing, and what needs attention. */
export function Home() {
  const staff = useStaff();
  const year = new Date().getFullYear();
  const people = useQuery({
    queryKey: ['dashboard', 'subscribers'],
    queryFn: () => allowedOr(unwrap(subscribersApi.GET('/dashboard'))),
    enabled: can(staff.role, 'supporters:read'),
  });
  const money_ = useQuery({
    queryKey: ['dashboard', 'donations'],
    queryFn: () => allowedOr(unwrap(donationsApi.GET('/dashboard'))),
    enabled: can(staff.role, 'donations:read'),
  });
  const staffList = useQuery({
    queryKey: ['dashboard', 'staff'],
    queryFn: () => unwrap(consoleApi.GET('/api/staff', { params: { query: { limit: 100 } } })),
    enabled: can(staff.role, 'staff:manage'),
  });
  const mail = useQuery({
    queryKey: ['dashboard', 'mailer'],
    queryFn: () => allowedOr(unwrap(mailerApi.GET('/dashboard'))),
    enabled: can(staff.role, 'campaigns:read'),
  });

  const warnings: { text: string; to?: string }[] = [];
  for (const failed of people.data?.failedImports.recent ?? []) {
    warnings.push({
      text: `The import of ${failed.fileName ?? 'a file'} on ${date(failed.createdAt)} failed.`,
      to: `/supporters/import?id=${failed.id}`,
    });
  }
  for (const campaign of mail.data?.campaignsWithProblems.campaigns ?? []) {
    const problems = [
      campaign.uncertainBatches > 0 &&
        `${plural(campaign.uncertainBatches, 'batch', 'batches')} may or may not have been sent`,
      campaign.failedBatches > 0 && `${plural(campaign.failedBatches, 'batch', 'batches')} failed`,
    ].filter(Boolean);
    warnings.push({
      text: `Campaign “${campaign.name}”: ${problems.join(' and ')}. Check it before sending again.`,
    });
  }
  if (mail.data && mail.data.failedJobs.total > 0) {
    warnings.push({
      text: `${plural(mail.data.failedJobs.total, 'email job')} failed and ${
        mail.data.failedJobs.total === 1 ? 'is' : 'are'
      } kept for inspection.`,
    });
  }
  const errors = [people.error, money_.error, mail.error, staffList.error].filter(Boolean);
  const donations = money_.data;
  const campaign = mail.data?.lastSentCampaign;
  const showMoney = money_.data !== null && can(staff.role, 'donations:read');
  const colleagues = staffList.data?.items.filter((member) => !member.disabled) ?? [];

  return (
    <>
      <PageHeader title="Home" />
      <p className="lede">
        Welcome{staff.name ? `, ${staff.name}` : ''}.
        {showMoney && ` Income is after refunds; “this year” means since 01/01/${year}.`}
      </p>
      {errors.length > 0 && <ErrorNotice error={errors[0]} />}
      {warnings.length > 0 && (
        <section aria-labelledby="warnings-title" className="warnings">
          <h2 id="warnings-title">Needs attention</h2>
          <ul>
            {warnings.map((warning) => (
              <li key={warning.text}>
                {warning.to ? <Link to={warning.to}>{warning.text}</Link> : warning.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="figures">
        {showMoney && (
          <>
            <IncomeFigure
              label="Income this month"
              loading={money_.isPending}
              totals={donations?.thisMonth.totals}
            />
            <IncomeFigure
              label="Income this year"
              loading={money_.isPending}
              totals={donations?.yearToDate.totals}
            />
            <Figure
              label="Monthly donors"
              loading={money_.isPending}
              value={donations && count(donations.monthlyDonors.donors)}
              detail={
                donations && `${money(inCurrency(donations.monthlyDonors.monthlyIncome), CURRENCY)} a month`
              }
            />
            <Figure
              label="Gift Aid claimable now"
              loading={money_.isPending}
              value={
                donations &&
                money(donations.giftAidClaimable.reclaimable, donations.giftAidClaimable.currency)
              }
              detail={
                donations &&
                (donations.giftAidClaimable.donations === 0
                  ? 'No gifts ready to claim yet'
                  : `On ${plural(donations.giftAidClaimable.donations, 'gift')} worth ${money(
                      donations.giftAidClaimable.donationsAmount,
                      donations.giftAidClaimable.currency,
                    )}`)
              }
            />
          </>
        )}
        {people.data !== null && (
          <>
            <Figure
              label="New subscribers"
              to="/supporters?status=subscribed"
              loading={people.isPending}
              value={people.data && count(people.data.newSubscribers.count)}
              detail={people.data && `In the last ${people.data.newSubscribers.days} days`}
            />
            <Figure
              label="Supporters"
              to="/supporters"
              loading={people.isPending}
              value={people.data && count(people.data.supporters.total)}
              detail={
                people.data && `${count(people.data.supporters.subscribed)} subscribed to the newsletter`
              }
            />
            <Figure
              label="Failed imports"
              to={can(staff.role, 'supporters:write') ? '/supporters/import' : undefined}
              loading={people.isPending}
              value={people.data && count(people.data.failedImports.count)}
              detail={people.data && `In the last ${people.data.failedImports.days} days`}
            />
          </>
        )}
        {can(staff.role, 'staff:manage') && (
          <Figure
            label="Staff"
            to="/staff"
            loading={staffList.isPending}
            value={staffList.data && `${count(colleagues.length)}${staffList.data.nextCursor ? '+' : ''}`}
            detail={
              staffList.data &&
              `With two-factor sign-in: ${count(colleagues.filter((member) => member.totpEnabled).length)}`
            }
          />
        )}
        {mail.data !== null && can(staff.role, 'campaigns:read') && (
          <Figure
            label="Last email sent"
            loading={mail.isPending}
            value={mail.isSuccess && (campaign ? campaign.name : 'None sent yet')}
            detail={
              campaign &&
              `Sent to ${count(campaign.sent)}${campaign.finishedAt ? ` on ${date(campaign.finishedAt)}` : ''}: ${count(
                campaign.opened,
              )} opened, ${count(campaign.clicked)} clicked`
            }
          />
        )}
      </div>
      {showMoney && (
        <Suspense fallback={null}>
          <IncomeCharts kinds={['year', 'frequency']} />
        </Suspense>
      )}
    </>
  );
}
