import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from '../schema/check';

export const NOTIFICATION_KINDS = ['sent', 'failed', 'needs_attention'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * A campaign was sent, failed, or has batches needing a person: what the console's bell shows.
 * One per campaign, kind and occurrence (which finish, or which round of attention). Ids become
 * visible in order (a trigger numbers each row under a lock, migration 1765900000001), so a poll
 * of `id > cursor` misses none.
 */
@Entity('campaign_notifications')
@Unique('campaign_notifications_once', ['campaignId', 'kind', 'occurrence'])
@Check('campaign_notifications_kind_check', oneOf('kind', NOTIFICATION_KINDS))
export class CampaignNotification {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text') kind!: NotificationKind;
  @Column('uuid') campaignId!: string;
  @Column('text') campaignName!: string;
  /** Sent: recipients SendGrid accepted. Otherwise 0. */
  @Column('int', { default: 0 }) people!: number;
  @Column('text') occurrence!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
