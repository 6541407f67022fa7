import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Tombstone: the SHA-256 of an erased person's normalised email, so they are never re-added to marketing. */
@Entity('erased_emails')
export class ErasedEmail {
  @PrimaryColumn('text') emailHash!: string;
  /** The latest erasure of the address. */
  @CreateDateColumn({ type: 'timestamptz' }) erasedAt!: Date;
}
