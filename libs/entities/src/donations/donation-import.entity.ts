import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from '../schema/check';
import {
  IMPORT_STATUSES,
  type ImportRowError,
  type ImportStatus,
} from '../supporters/supporter-import.entity';

/** How a gifts file is laid out: our plain columns, or a platform's own export. */
export const GIFT_IMPORT_LAYOUTS = ['plain', 'justgiving', 'enthuse'] as const;
export type GiftImportLayout = (typeof GIFT_IMPORT_LAYOUTS)[number];

/** A gifts CSV import run and its progress. Owned by the donations app. */
@Entity('donation_imports')
@Check('donation_imports_status_check', oneOf('status', IMPORT_STATUSES))
@Check('donation_imports_layout_check', oneOf('layout', GIFT_IMPORT_LAYOUTS))
export class DonationImport {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') status!: ImportStatus;
  @Column('text') layout!: GiftImportLayout;
  @Column('text') filePath!: string;
  @Column('text', { nullable: true }) originalName!: string | null;
  /** The campaign given to rows whose file names none. */
  @Column('text', { nullable: true }) campaign!: string | null;
  @Column('int', { nullable: true }) totalRows!: number | null;
  @Column('int', { default: 0 }) rowsDone!: number;
  @Column('int', { default: 0 }) rowsImported!: number;
  /** Rows already recorded (by this file before, or another): added nothing. */
  @Column('int', { default: 0 }) rowsDuplicate!: number;
  @Column('int', { default: 0 }) rowsFailed!: number;
  @Column('jsonb', { default: [] }) errors!: ImportRowError[];
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
}
