import { Column, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Supporter } from './supporter.entity';
import { Topic } from './topic.entity';

/** A supporter's own choice for one topic; no row means the topic's default. Owned by the subscribers app. */
@Entity('topic_subscriptions')
@Index('topic_subscriptions_topic', ['topicId', 'supporterId'])
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
