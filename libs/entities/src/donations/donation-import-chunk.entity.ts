import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { DonationImport } from './donation-import.entity';

/**
 * A piece of an uploaded gifts CSV, kept until its import finishes, so that whichever replica
 * runs the import job can read the file. Owned by the donations app.
 */
@Entity('donation_import_chunks')
export class DonationImportChunk {
  @PrimaryColumn('uuid')
  @ForeignKey(() => DonationImport, { name: 'donation_import_chunks_import_id_fkey' })
  importId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column('bytea') bytes!: Buffer;
}
