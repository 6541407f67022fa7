import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { oneOf } from '../schema/check';
import { Supporter } from './supporter.entity';

export const CONTACT_CHANNELS = ['email', 'post', 'phone', 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_STATUSES = ['allowed', 'refused'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/**
 * Why a channel is allowed (`consent`, `legitimate_interests`) or refused (`supporter_request`, an
 * `fps_request` through the Fundraising Preference Service); `merge` when a merge of duplicates set it.
 */
export const CONTACT_BASES = [
  'consent',
  'legitimate_interests',
  'supporter_request',
  'fps_request',
  'merge',
] as const;
export type ContactBasis = (typeof CONTACT_BASES)[number];

/** A supporter's current preference for one channel; no row means none was ever recorded. Owned by the subscribers app. */
@Entity('contact_preferences')
@Check('contact_preferences_channel_check', oneOf('channel', CONTACT_CHANNELS))
@Check('contact_preferences_status_check', oneOf('status', CONTACT_STATUSES))
@Check('contact_preferences_basis_check', oneOf('basis', CONTACT_BASES))
@Index('contact_preferences_refused', ['channel', 'supporterId'], { where: "status = 'refused'" })
@Index('contact_preferences_email_refused_at', ['updatedAt'], {
  where: "channel = 'email' AND status = 'refused'",
})
export class ContactPreference {
  @PrimaryColumn('uuid')
  @ForeignKey(() => Supporter, { name: 'contact_preferences_supporter_id_fkey' })
  supporterId!: string;
  @PrimaryColumn('text') channel!: ContactChannel;
  @Column('text') status!: ContactStatus;
  @Column('text') basis!: ContactBasis;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
