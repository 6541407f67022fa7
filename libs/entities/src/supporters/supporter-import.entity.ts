import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from '../schema/check';

export const IMPORT_FORMATS = ['mailchimp', 'plain'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportRowError {
  line: number;
  field?: string;
  message: string;
}

/** A CSV import run and its progress. Owned by the subscribers app. */
@Entity('supporter_imports')
@Check('supporter_imports_status_check', oneOf('status', IMPORT_STATUSES))
@Check('supporter_imports_format_check', oneOf('format', IMPORT_FORMATS))
export class SupporterImport {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') status!: ImportStatus;
  @Column('text') filePath!: string;
  @Column('text', { nullable: true }) originalName!: string | null;
  @Column('text', { nullable: true }) consentSource!: string | null;
  @Column('int', { nullable: true }) totalRows!: number | null;
  @Column('int', { default: 0 }) rowsDone!: number;
  @Column('int', { default: 0 }) rowsImported!: number;
  @Column('int', { default: 0 }) rowsFailed!: number;
  /** Rows deliberately not imported: addresses of erased people. */
  @Column('int', { default: 0 }) rowsSkipped!: number;
  @Column('text', { nullable: true }) format!: ImportFormat | null;
  @Column('jsonb', { default: [] }) errors!: ImportRowError[];
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
}
