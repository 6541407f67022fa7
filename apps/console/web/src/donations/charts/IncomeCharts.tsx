import { useQuery } from '@tanstack/react-query';
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { donationsApi, unwrap } from '../../api/clients';
import type { components } from '../../api/generated/donations';
import { money } from '../../format';
import { ErrorNotice, Loading } from '../../ui/Notice';
import { Table } from '../../ui/Table';
import '../donations.css';

// Only the parts drawn here are registered, so the rest of Chart.js stays out of the bundle.
ChartJS.register(BarElement, CategoryScale, Legend, LinearScale, Tooltip);

type Summary = components['schemas']['IncomeSummaryDto'];
export type ChartKind = 'year' | 'frequency' | 'campaign';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BLUE = '#1d4ed8';
const GREY = '#9ca3af';
const GREEN = '#047857';
const pounds = (minorUnits: number) => money(minorUnits, 'gbp');

const moneyAxis = {
  beginAtZero: true,
  ticks: { callback: (value: string | number) => pounds(Number(value) * 100).replace(/\.00$/, '') },
};
const tooltip = {
  callbacks: {
    label: (item: { dataset: { label?: string }; parsed: { y: number | null; x: number | null } }) =>
      `${item.dataset.label ?? ''}: ${pounds(Math.round((item.parsed.y ?? item.parsed.x ?? 0) * 100))}`,
  },
};

/**
 * One chart with its words: a heading, a one-sentence summary (the canvas's label for screen
 * readers), and the figures as a table for anyone who would rather read them.
 */
function ChartFigure({
  title,
  summary,
  chart,
  table,
}: {
  title: string;
  summary: string;
  chart: (label: string) => React.ReactNode;
  table: React.ReactNode;
}) {
  return (
    <figure className="income-chart">
      <figcaption>
        <h3>{title}</h3>
        <p className="muted">{summary}</p>
      </figcaption>
      <div className="chart-canvas">{chart(`${title}. ${summary}`)}</div>
      <details>
        <summary>Show the figures</summary>
        {table}
      </details>
    </figure>
  );
}

function YearChart({ data }: { data: Summary }) {
  const total = (key: 'thisYear' | 'lastYear') => data.months.reduce((sum, month) => sum + month[key], 0);
  const sameTimeLastYear = data.months
    .filter((month) => month.month <= new Date().getMonth() + 1)
    .reduce((sum, month) => sum + month.lastYear, 0);
  return (
    <ChartFigure
      title={`Income by month: ${data.year} against ${data.year - 1}`}
      summary={`${pounds(total('thisYear'))} so far this year, against ${pounds(sameTimeLastYear)} by the same month last year (${pounds(total('lastYear'))} in all of ${data.year - 1}).`}
      chart={(label) => (
        <Bar
          role="img"
          aria-label={label}
          data={{
            labels: MONTHS,
            datasets: [
              {
                label: String(data.year),
                data: data.months.map((m) => m.thisYear / 100),
                backgroundColor: BLUE,
              },
              {
                label: String(data.year - 1),
                data: data.months.map((m) => m.lastYear / 100),
                backgroundColor: GREY,
              },
            ],
          }}
          options={{
            animation: false,
            maintainAspectRatio: false,
            scales: { y: moneyAxis },
            plugins: { tooltip },
          }}
        />
      )}
      table={
        <Table
          columns={[
            'Month',
            { label: String(data.year), number: true },
            { label: String(data.year - 1), number: true },
          ]}
        >
          {data.months.map((month) => (
            <tr key={month.month}>
              <td>{MONTHS[month.month - 1]}</td>
              <td className="number">{pounds(month.thisYear)}</td>
              <td className="number">{pounds(month.lastYear)}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

function FrequencyChart({ data }: { data: Summary }) {
  const oneOff = data.months.reduce((sum, month) => sum + month.oneOff, 0);
  const monthly = data.months.reduce((sum, month) => sum + month.monthly, 0);
  return (
    <ChartFigure
      title={`One-off and monthly gifts in ${data.year}`}
      summary={`${pounds(oneOff)} from one-off gifts and ${pounds(monthly)} from monthly gifts this year.`}
      chart={(label) => (
        <Bar
          role="img"
          aria-label={label}
          data={{
            labels: MONTHS,
            datasets: [
              {
                label: 'One-off',
                data: data.months.map((m) => m.oneOff / 100),
                backgroundColor: BLUE,
              },
              {
                label: 'Monthly',
                data: data.months.map((m) => m.monthly / 100),
                backgroundColor: GREEN,
              },
            ],
          }}
          options={{
            animation: false,
            maintainAspectRatio: false,
            scales: { x: { stacked: true }, y: { ...moneyAxis, stacked: true } },
            plugins: { tooltip },
          }}
        />
      )}
      table={
        <Table columns={['Month', { label: 'One-off', number: true }, { label: 'Monthly', number: true }]}>
          {data.months.map((month) => (
            <tr key={month.month}>
              <td>{MONTHS[month.month - 1]}</td>
              <td className="number">{pounds(month.oneOff)}</td>
              <td className="number">{pounds(month.monthly)}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

const CAMPAIGNS_SHOWN = 8;

function CampaignChart({ data }: { data: Summary }) {
  const campaigns = data.byCampaign.slice(0, CAMPAIGNS_SHOWN);
  const name = (campaign: string | null) => campaign ?? 'No campaign';
  const top = campaigns[0];
  return (
    <ChartFigure
      title={`Income by campaign in ${data.year}`}
      summary={
        top
          ? `${name(top.campaign)} brought in the most: ${pounds(top.amount)}.`
          : 'No income recorded this year yet.'
      }
      chart={(label) => (
        <Bar
          role="img"
          aria-label={label}
          data={{
            labels: campaigns.map((row) => name(row.campaign)),
            datasets: [
              {
                label: String(data.year),
                data: campaigns.map((row) => row.amount / 100),
                backgroundColor: BLUE,
              },
            ],
          }}
          options={{
            indexAxis: 'y',
            animation: false,
            maintainAspectRatio: false,
            scales: { x: moneyAxis },
            plugins: { legend: { display: false }, tooltip },
          }}
        />
      )}
      table={
        <Table columns={['Campaign', { label: 'Gifts', number: true }, { label: 'Income', number: true }]}>
          {data.byCampaign.map((row) => (
            <tr key={name(row.campaign)}>
              <td>{name(row.campaign)}</td>
              <td className="number">{row.count}</td>
              <td className="number">{pounds(row.amount)}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

/** The income charts (pounds, net of refunds), each with a summary sentence and its figures as a table. */
export default function IncomeCharts({ kinds }: { kinds: readonly ChartKind[] }) {
  const summary = useQuery({
    queryKey: ['donations', 'income-summary'],
    queryFn: () => unwrap(donationsApi.GET('/income-summary')),
  });
  if (summary.error) return <ErrorNotice error={summary.error} />;
  if (!summary.data) return <Loading what="Adding up income" />;
  return (
    <section aria-labelledby="income-charts-title" className="income-section">
      <h2 id="income-charts-title">Income in {summary.data.year}</h2>
      <p className="muted">In pounds, after refunds.</p>
      <div className="income-charts">
        {kinds.includes('year') && <YearChart data={summary.data} />}
        {kinds.includes('frequency') && <FrequencyChart data={summary.data} />}
        {kinds.includes('campaign') && <CampaignChart data={summary.data} />}
      </div>
    </section>
  );
}
