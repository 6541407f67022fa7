import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { donationsApi, mailerApi, subscribersApi, unwrap } from '../api/clients';
import { can } from '../auth/permissions';
import { useStaff } from '../auth/session';
import { count, date, money, plural } from '../format';
import { Notice } from '../ui/Notice';
import { PageHeader } from '../ui/PageHeader';
import { netIncome, startOfYear, thisMonth } from './figures';

const CURRENCY = 'gbp';

/** One figure on Home: a label, the value (or a quiet dash while unknown), and where it leads. */
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
    <div className="figure">
      <h2 className="figure-label">{to ? <Link to={to}>{label}</Link> : label}</h2>
      <p className="figure-value">{shown}</p>
      {detail && !loading && <p className="figure-detail">{detail}</p>}
    </div>
  );
}

/** The first screen after sign-in: how the organisation is doing, and what needs attention. */
export function Home() {
  const staff = useStaff();
  const seesDonations = can(staff.role, 'donations:read');
  const seesCampaigns = can(staff.role, 'campaigns:read');
  const seesSegments = can(staff.role, 'segments:read');

  const summary = useQuery({
    queryKey: ['donations', 'summary', startOfYear()],
    queryFn: () =>
      unwrap(donationsApi.GET('/donations/summary', { params: { query: { from: startOfYear() } } })),
    enabled: seesDonations,
  });
  const giftAid = useQuery({
    queryKey: ['gift-aid', 'eligible', 'first-page'],
    queryFn: () => unwrap(donationsApi.GET('/gift-aid/eligible', { params: { query: { limit: 100 } } })),
    enabled: seesDonations,
  });
  const lastCampaign = useQuery({
    queryKey: ['campaigns', 'last-sent'],
    queryFn: () =>
      unwrap(mailerApi.GET('/campaigns', { params: { query: { status: 'sent', limit: 1 } } })).then(
        (page) => page.items[0] ?? null,
      ),
    enabled: seesCampaigns,
  });
  const newSubscribers = useQuery({
    queryKey: ['supporters', 'new-subscribers-30-days'],
    queryFn: () =>
      unwrap(
        subscribersApi.POST('/segments/preview', {
          body: {
            rules: {
              all: [
                { field: 'subscription.status', op: 'eq', value: 'subscribed' },
                { field: 'subscription.confirmed_at', op: 'after', value: 'P30D' },
              ],
            },
          },
        }),
      ),
    enabled: seesSegments,
  });

  const recurring = summary.data?.recurring.find((line) => line.currency === CURRENCY);
  const claimable = giftAid.data
    ? giftAid.data.items
        .filter((item) => item.currency === CURRENCY)
        .reduce((sum, item) => sum + item.amount, 0) / 4
    : undefined;
  const warnings: string[] = [];
  if (lastCampaign.data && lastCampaign.data.counts.uncertain > 0) {
    warnings.push(
      `${plural(lastCampaign.data.counts.uncertain, 'recipient')} of “${lastCampaign.data.name}” may not have received it: check the campaign before sending again.`,
    );
  }
  if (lastCampaign.data && lastCampaign.data.counts.failed > 0) {
    warnings.push(
      `${plural(lastCampaign.data.counts.failed, 'email')} of “${lastCampaign.data.name}” failed to send.`,
    );
  }
  const campaign = lastCampaign.data;

  return (
    <>
      <PageHeader title="Home" />
      <p className="lede">
        Welcome{staff.name ? `, ${staff.name}` : ''}. Figures are for {new Date().getFullYear()} so far, in UK
        time.
      </p>
      {warnings.length > 0 && (
        <section aria-labelledby="warnings-title" className="warnings">
          <h2 id="warnings-title">Needs attention</h2>
          <ul>
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </section>
      )}
      <div className="figures">
        {seesDonations && (
          <>
            <Figure
              label="Income this month"
              loading={summary.isPending}
              value={summary.data && money(netIncome(summary.data.byMonth, CURRENCY, thisMonth()), CURRENCY)}
              detail="After refunds"
            />
            <Figure
              label="Income this year"
              loading={summary.isPending}
              value={summary.data && money(netIncome(summary.data.byMonth, CURRENCY), CURRENCY)}
              detail={`Since 01/01/${new Date().getFullYear()}`}
            />
            <Figure
              label="Monthly donors"
              loading={summary.isPending}
              value={summary.data && count(recurring?.activeDonors ?? 0)}
              detail={summary.data && `${money(recurring?.amount ?? 0, CURRENCY)} a month`}
            />
            <Figure
              label="Gift Aid claimable now"
              loading={giftAid.isPending}
              value={claimable !== undefined && money(Math.floor(claimable), CURRENCY)}
              detail={
                giftAid.data &&
                (giftAid.data.nextCursor
                  ? `At least; from the first ${count(giftAid.data.items.length)} eligible gifts`
                  : `25% of ${plural(giftAid.data.items.length, 'eligible gift')}`)
              }
            />
          </>
        )}
        {seesSegments && (
          <Figure
            label="New subscribers"
            to="/supporters?status=subscribed"
            loading={newSubscribers.isPending}
            value={newSubscribers.data && count(newSubscribers.data.count)}
            detail="Confirmed in the last 30 days"
          />
        )}
        {seesCampaigns && (
          <Figure
            label="Last email campaign"
            loading={lastCampaign.isPending}
            value={lastCampaign.isSuccess && (campaign ? campaign.name : 'None sent yet')}
            detail={
              campaign &&
              `Sent to ${count(campaign.counts.sent)} on ${date(campaign.finishedAt ?? campaign.startedAt)}; ${count(
                campaign.counts.opened,
              )} opened, ${count(campaign.counts.clicked)} clicked`
            }
          />
        )}
      </div>
      {!seesDonations && !seesCampaigns && !seesSegments && (
        <Notice>Your role shows supporters only. Use the menu to search them.</Notice>
      )}
    </>
  );
}
