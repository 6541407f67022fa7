import { can } from '../../auth/permissions';
import { useStaff } from '../../auth/session';
import { plural } from '../../format';
import { peopleCsvUrl, type ReportCounts } from './report';

/** Who opened and who clicked, downloadable by those who run campaigns (names and addresses are personal data). */
export function EngagedPeople({ campaignId, counts }: { campaignId: string; counts: ReportCounts }) {
  const staff = useStaff();
  const mayDownload = can(staff.role, 'campaigns:write');
  return (
    <>
      <p>
        {plural(counts.opened.count, 'person', 'people')} opened this email;{' '}
        {plural(counts.clicked.count, 'person', 'people')} clicked a link in it.
      </p>
      {mayDownload ? (
        <div className="actions">
          <a className="button" href={peopleCsvUrl(campaignId, 'opened')} download>
            Download who opened (CSV)
          </a>
          <a className="button" href={peopleCsvUrl(campaignId, 'clicked')} download>
            Download who clicked (CSV)
          </a>
        </div>
      ) : (
        <p className="muted">Communications staff and admins can download their names and addresses.</p>
      )}
    </>
  );
}
