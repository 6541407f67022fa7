import { Check, Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintNumber } from '../schema/bigint-number';

/**
 * Whether a campaign relies on an audience (it is scheduled or recurring with it), as the mailer
 * last reported through `record-audience-use`. Owned by the subscribers app: an audience in use
 * cannot be deleted. Only the highest `version` per campaign is kept.
 */
@Entity('segment_uses')
@Check('segment_uses_version_check', 'version >= 0')
@Index('segment_uses_in_use', ['segmentId'], { where: 'in_use' })
export class SegmentUse {
  @PrimaryColumn('uuid') campaignId!: string;
  @Column('text') campaignName!: string;
  @Column('uuid') segmentId!: string;
  @Column('boolean') inUse!: boolean;
  @Column('bigint', { transformer: bigintNumber }) version!: number;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
