import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isMergedInto, moveDonorRecords } from './supporter-merge.queries';

/** The merge has not committed in the subscribers app yet (the job can overtake it): retried. */
class MergeNotCommittedError extends Error {}

/**
 * Where a merge of duplicate supporters reaches the donations app: every gift, monthly gift and
 * Gift Aid declaration of the merged record moves to the kept one. Idempotent; the merge itself is
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
      await moveDonorRecords(db, mergedId, keptId);
    });
  }
}
