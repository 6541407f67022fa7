import { fieldError } from '@crm/platform';
import { donationsEventsQueue, InjectProducer, mailerDispatchQueue, type QueueProducer } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SupporterNotFoundError } from '../supporters/supporters.errors';
import { AlreadyMergedError, MergeAcrossErasureError } from './duplicates.errors';
import { absorbDuplicate, lockPair, moveSubscriberHistory } from './duplicates.queries';
import { moveSoftOptIn, moveTopicChoices } from './merge-choices.queries';

/**
 * Merges a duplicate supporter record into the one staff keep. Here, in one transaction: the
 * duplicate's personal data fills the kept record's gaps, its tags, consent events, contact
 * preferences, FPS requests, topic choices and charity soft opt-in move over (merge-choices.queries
 * says which choice wins), and it is left as a pointer to the kept record. Then the
 * donations app moves its gifts and declarations and the mailer its email history, through their
 * queues. Asking again for a merge already done re-sends those jobs (deduplicated by id) and
 * changes nothing else, so a merge whose jobs could not be queued is finished by repeating it.
 */
@Injectable()
export class SupporterMergeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectProducer(donationsEventsQueue)
    private readonly donations: QueueProducer<typeof donationsEventsQueue>,
    @InjectProducer(mailerDispatchQueue)
    private readonly mailer: QueueProducer<typeof mailerDispatchQueue>,
  ) {}

  async merge(keptId: string, mergedId: string, staffName: string): Promise<void> {
    if (keptId === mergedId) throw fieldError('otherId', 'must be another supporter than the one kept');
    await this.dataSource.transaction(async (manager) => {
      const sides = await lockPair(manager, [keptId, mergedId]);
      const kept = sides.find((side) => side.id === keptId);
      const merged = sides.find((side) => side.id === mergedId);
      if (!kept) throw new SupporterNotFoundError(keptId);
      if (!merged) throw new SupporterNotFoundError(mergedId);
      for (const side of [kept, merged]) {
        if (side.erased_at) throw new MergeAcrossErasureError(side.id);
      }
      if (kept.merged_into_id) throw new AlreadyMergedError(keptId, kept.merged_into_id);
      if (merged.merged_into_id === keptId) return;
      if (merged.merged_into_id) throw new AlreadyMergedError(mergedId, merged.merged_into_id);
      await absorbDuplicate(manager, keptId, mergedId);
      await moveSubscriberHistory(manager, keptId, mergedId, staffName);
      await moveTopicChoices(manager, keptId, mergedId);
      await moveSoftOptIn(manager, keptId, mergedId);
    });
    const jobId = `merge-${mergedId}`;
    await this.donations.add('merge-supporter', { keptId, mergedId }, { jobId });
    await this.mailer.add('merge-supporter', { keptId, mergedId }, { jobId });
  }
}
