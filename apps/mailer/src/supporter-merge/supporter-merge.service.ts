import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isMergedInto, moveEmailHistory } from './supporter-merge.queries';

/** The merge has not committed in the subscribers app yet (the job can overtake it): retried. */
class MergeNotCommittedError extends Error {}

/**
 * Where a merge of duplicate supporters reaches the mailer: the emails the merged record was sent,
 * their events and transactional messages move to the kept record. Idempotent; the merge is
 * reloaded from the supporters table, so a job for a merge that never committed moves nothing.
 */
@Injectable()
export class SupporterMergeService {
  constructor(private readonly dataSource: DataSource) {}

  async merge(keptId: string, mergedId: string): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      if (!(await isMergedInto(db, mergedId, keptId))) {
        throw new MergeNotCommittedError(`supporter ${mergedId} is not merged into ${keptId}`);
      }
      await moveEmailHistory(db, mergedId, keptId);
    });
  }
}
