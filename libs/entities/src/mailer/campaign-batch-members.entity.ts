import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The frozen audience of one planned batch whose ledger rows are not written yet: its supporter
 * ids in recipient order, with their addresses and first names (migrations 1767300000000/1). Deleted by the statement that writes those
 * rows, so they are written once.
 */
@Entity('campaign_batch_members')
export class CampaignBatchMembers {
  @PrimaryColumn('uuid') campaignId!: string;
  @PrimaryColumn('int') seq!: number;
  /** The number of the batch's first recipient (1-based, in supporter id order over the campaign). */
  @Column('int') firstNumber!: number;
  @Column('uuid', { array: true }) supporterIds!: string[];
  /** Each recipient's address and first name when frozen, in the order of `supporterIds` (migration 1767300000001). */
  @Column('text', { array: true }) emails!: (string | null)[];
  @Column('text', { array: true }) firstNames!: (string | null)[];
}
