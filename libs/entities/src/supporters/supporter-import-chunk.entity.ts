import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { SupporterImport } from './supporter-import.entity';

/**
 * A piece of an uploaded supporter CSV, kept until its import finishes, so that whichever
 * replica runs the import job can read the file. Owned by the subscribers app.
 */
@Entity('supporter_import_chunks')
export class SupporterImportChunk {
  @PrimaryColumn('uuid')
  @ForeignKey(() => SupporterImport, { name: 'supporter_import_chunks_import_id_fkey' })
  importId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column('bytea') bytes!: Buffer;
}
