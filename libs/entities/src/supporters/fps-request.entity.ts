import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { ContactChannel } from './contact-preference.entity';
import { Supporter } from './supporter.entity';

/**
 * A suppression request from the Fundraising Preference Service: its reference, the day the
 * organisation received it (the Code of Fundraising Practice gives 28 days from then to act) and
 * the channels it names. Owned by the subscribers app.
 */
@Entity('fps_requests')
@Unique('fps_requests_reference_key', ['reference'])
@Check(
  'fps_requests_channels_check',
  "cardinality(channels) > 0 AND channels <@ ARRAY['email', 'post', 'phone', 'sms']",
)
@Index('fps_requests_supporter', ['supporterId', 'receivedOn'])
export class FpsRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid')
  @ForeignKey(() => Supporter, { name: 'fps_requests_supporter_id_fkey' })
  supporterId!: string;
  @Column('text') reference!: string;
  /** YYYY-MM-DD. */
  @Column('date') receivedOn!: string;
  @Column('text', { array: true }) channels!: ContactChannel[];
  @Column('text', { nullable: true }) recordedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) recordedAt!: Date;
}
