import { IMPORT_FORMATS, IMPORT_STATUSES } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class ImportUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV, up to 100 MB.' })
  file?: unknown;

  @ApiPropertyOptional({
    description:
      'Where the consent in the file was collected (e.g. "mailchimp-signup-form-2024"). Without it, or without ' +
      'opt-in times in the file, people are imported as contacts without newsletter consent.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  consentSource?: string;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Line number in the file (the header is line 1).' }) line!: number;
  @ApiPropertyOptional() field?: string;
  @ApiProperty() message!: string;
}

/** An import as listed: its progress and counts, without the rejected rows (`GET /imports/:id` has them). */
export class ImportSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: string;
  @ApiProperty({ enum: IMPORT_FORMATS, nullable: true }) format!: string | null;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ type: String, nullable: true }) consentSource!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Data rows in the file (exact once completed).' })
  totalRows!: number | null;
  @ApiProperty() rowsDone!: number;
  @ApiProperty() rowsImported!: number;
  @ApiProperty() rowsFailed!: number;
  @ApiProperty({ description: 'Rows of erased people, deliberately not imported.' }) rowsSkipped!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Name of the staff token or person who uploaded it.',
  })
  createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class ImportStatusDto extends ImportSummaryDto {
  @ApiProperty({ type: [ImportRowErrorDto], description: 'Rejected rows in file order.' })
  errors!: ImportRowErrorDto[];
}

export class ImportListDto {
  @ApiProperty({ type: [ImportSummaryDto] }) items!: ImportSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
