import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Tombstone: the SHA-256 of an erased person's normalised email, so they are never re-added to marketing. */
@Entity('erased_emails')
export class ErasedEmail {
  @PrimaryColumn('text') emailHash!: string;
  @CreateDateColumn({ type: 'timestamptz' }) erasedAt!: Date;
}
