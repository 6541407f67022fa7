import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Supporter } from './supporter.entity';

/**
 * A donor emailed under the charity soft opt-in (PECR reg. 22(3A)): offered a clear opt-out when
 * giving, they did not take it. `optedOutAt` ends it for good. Owned by the subscribers app.
 */
@Entity('soft_opt_ins')
@Index('soft_opt_ins_opted_out_at', ['optedOutAt'], { where: 'opted_out_at IS NOT NULL' })
export class SoftOptIn {
  @PrimaryColumn('uuid')
  @ForeignKey(() => Supporter, { name: 'soft_opt_ins_supporter_id_fkey' })
  supporterId!: string;
  @CreateDateColumn({ type: 'timestamptz' }) beganAt!: Date;
  @Column('timestamptz', { nullable: true }) optedOutAt!: Date | null;
}
