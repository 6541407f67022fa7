import { ErrorNotice } from '../ui/Notice';
import { useDownloadSchedule } from './queries';
import type { Claim } from './words';

/** The claim's schedule as HMRC's spreadsheet layout, or as CSV. */
export function ScheduleDownloads({ claim }: { claim: Claim }) {
  const download = useDownloadSchedule();
  return (
    <>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={download.isPending}
          onClick={() => download.mutate({ claim, format: 'ods' })}
        >
          Download the schedule (.ods)
        </button>
        <button
          type="button"
          disabled={download.isPending}
          onClick={() => download.mutate({ claim, format: 'csv' })}
        >
          Download as CSV
        </button>
      </div>
      <ErrorNotice error={download.error} />
    </>
  );
}
