import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The topic every existing subscription belonged to when topics arrived (seeded by its migration). */
export const NEWSLETTER_TOPIC_ID = '00000000-0000-4000-8000-000000000001';

/**
 * A subject supporters choose to hear about by email (Newsletter, Appeals, …). `softOptIn`: donors
 * mailed under the charity soft opt-in (PECR reg. 22(3A)) may receive it; `joinedByDefault`: a
 * subscriber who never chose is on it. Owned by the subscribers app.
 */
@Entity('topics')
@Index('topics_name', ['name'], { unique: true })
export class Topic {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { default: '' }) description!: string;
  @Column('boolean', { default: false }) softOptIn!: boolean;
  @Column('boolean', { default: false }) joinedByDefault!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
