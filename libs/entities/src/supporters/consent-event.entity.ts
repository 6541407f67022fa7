import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from '../schema/check';
import { Supporter } from './supporter.entity';
import { Topic } from './topic.entity';

export const CONSENT_EVENT_KINDS = [
  'requested',
  'confirmed',
  'unsubscribed',
  'bounced',
  'complained',
  'imported',
  'erased',
  'topic_joined',
  'topic_left',
  /** A donor began to be emailed under the charity soft opt-in, or opted out of it (the words shown kept). */
  'soft_opt_in',
  'soft_opt_out',
] as const;
export type ConsentEventKind = (typeof CONSENT_EVENT_KINDS)[number];

/**
 * Append-only consent ledger row; only personal fields are cleared, on erasure (a trigger,
 * `consent_events_append_only`, refuses any other change and every delete).
 */
@Entity('consent_events')
@Check('consent_events_kind_check', oneOf('kind', CONSENT_EVENT_KINDS))
@Index('consent_events_supporter', ['supporterId', 'occurredAt'])
// The distinct wordings, each one's first event first: the profile's "wording v2".
@Index('consent_events_wording', ['wordingHash', 'id'], { where: 'wording_hash IS NOT NULL' })
export class ConsentEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid')
  @ForeignKey(() => Supporter, { name: 'consent_events_supporter_id_fkey' })
  supporterId!: string;
  @Column('text') kind!: ConsentEventKind;
  @Column('text', { nullable: true }) source!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { nullable: true }) userAgent!: string | null;
  @Column('text', { nullable: true }) wording!: string | null;
  @Column('text', { nullable: true }) wordingHash!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) occurredAt!: Date;
  /** The topic a `topic_joined` or `topic_left` row is about. */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => Topic, { name: 'consent_events_topic_id_fkey' })
  topicId!: string | null;
}
