import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The frozen audience of one planned batch whose ledger rows are not written yet: its supporter
 * ids in recipient order (migration 1767300000000). Deleted by the statement that writes those
 * rows, so they are written once.
 */
@Entity('campaign_batch_members')
export class CampaignBatchMembers {
  @PrimaryColumn('uuid') campaignId!: string;
  @PrimaryColumn('int') seq!: number;
  /** The number of the batch's first recipient (1-based, in supporter id order over the campaign). */
  @Column('int') firstNumber!: number;
  @Column('uuid', { array: true }) supporterIds!: string[];
}
