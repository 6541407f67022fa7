import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from '../schema/check';
import {
  CONTACT_BASES,
  CONTACT_CHANNELS,
  CONTACT_STATUSES,
  type ContactBasis,
  type ContactChannel,
  type ContactStatus,
} from './contact-preference.entity';
import { Supporter } from './supporter.entity';

/** The history of a supporter's contact preferences: one row per change, never edited. Owned by the subscribers app. */
@Entity('contact_preference_events')
@Check('contact_preference_events_channel_check', oneOf('channel', CONTACT_CHANNELS))
@Check('contact_preference_events_status_check', oneOf('status', CONTACT_STATUSES))
@Check('contact_preference_events_basis_check', oneOf('basis', CONTACT_BASES))
@Index('contact_preference_events_supporter', ['supporterId', 'occurredAt'])
export class ContactPreferenceEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid')
  @ForeignKey(() => Supporter, { name: 'contact_preference_events_supporter_id_fkey' })
  supporterId!: string;
  @Column('text') channel!: ContactChannel;
  @Column('text') status!: ContactStatus;
  @Column('text') basis!: ContactBasis;
  @Column('text', { nullable: true }) note!: string | null;
  /** The staff member who recorded it (their name), null when the supporter did it themselves. */
  @Column('text', { nullable: true }) recordedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) occurredAt!: Date;
}
