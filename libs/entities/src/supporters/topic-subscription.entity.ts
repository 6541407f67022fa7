import { Column, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Supporter } from './supporter.entity';
import { Topic } from './topic.entity';

/** A supporter's own choice for one topic; no row means the topic's default. Owned by the subscribers app. */
@Entity('topic_subscriptions')
@Index('topic_subscriptions_topic', ['topicId', 'supporterId'])
// Choices to leave a topic by time: a sending campaign skips who left since it started.
@Index('topic_subscriptions_left_at', ['updatedAt'], { where: 'NOT subscribed' })
export class TopicSubscription {
  @PrimaryColumn('uuid')
  @ForeignKey(() => Supporter, { name: 'topic_subscriptions_supporter_id_fkey' })
  supporterId!: string;
  @PrimaryColumn('uuid')
  @ForeignKey(() => Topic, { name: 'topic_subscriptions_topic_id_fkey' })
  topicId!: string;
  @Column('boolean') subscribed!: boolean;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
