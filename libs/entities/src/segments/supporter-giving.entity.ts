import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../schema/bigint-number';

/**
 * A supporter's giving over counted donations (all time, all campaigns): one row per supporter
 * with at least one counted gift. Derived data, never written by code: statement triggers on
 * `donations` keep it equal to the view `supporter_giving_computed` (migration 1764800000000).
 * The segment compiler reads it.
 */
@Entity('supporter_giving')
// (last_paid_at) INCLUDE (supporter_id): TypeORM cannot describe INCLUDE; the migration defines it.
@Index('supporter_giving_last_paid', { synchronize: false })
export class SupporterGiving {
  @PrimaryColumn('uuid') supporterId!: string;
  @Column('int') giftCount!: number;
  /** Net of refunds, minor units. */
  @Column('bigint', { transformer: bigintNumber }) total!: number;
  /** The largest single gift net of refunds, minor units. */
  @Column('bigint', { transformer: bigintNumber }) largest!: number;
  @Column('timestamptz', { nullable: true }) firstPaidAt!: Date | null;
  @Column('timestamptz', { nullable: true }) lastPaidAt!: Date | null;
}
