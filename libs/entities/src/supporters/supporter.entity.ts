import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person the organisation knows. Owned by the subscribers app. */
@Entity('supporters')
export class Supporter {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** As the person typed it; null once erased. */
  @Column('text', { nullable: true }) email!: string | null;
  /** Trimmed, lower-cased; unique; null once erased. */
  @Column('text', { nullable: true }) emailNormalised!: string | null;
  @Column('text', { nullable: true }) firstName!: string | null;
  @Column('text', { nullable: true }) lastName!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) tags!: string[];
  @Column('text', { nullable: true }) notes!: string | null;
  @Column('text', { nullable: true }) source!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
  @Column('timestamptz', { nullable: true }) erasedAt!: Date | null;
  /** The newsletter subscription is subscribed and confirmed: a copy kept by database triggers. */
  @Column({ type: 'boolean', insert: false, update: false, default: false }) newsletterConfirmed!: boolean;
}
