import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A saved rule tree (DESIGN §4). Owned by the subscribers app; the mailer reads it. */
@Entity('segments')
@Unique('segments_name_key', ['name'])
export class Segment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('jsonb') rules!: unknown;
  @Column('boolean', { default: false }) builtin!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
