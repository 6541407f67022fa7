import { GIFT_IMPORT_LAYOUTS, type GiftImportLayout, IMPORT_STATUSES } from '@crm/entities';
import { IsSingleLine } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class GiftsImportUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV, up to 100 MB.' })
  file?: unknown;

  @ApiPropertyOptional({
    enum: GIFT_IMPORT_LAYOUTS,
    default: 'plain',
    description:
      'plain: date, amount, email, first_name, last_name, supporter_id, method, campaign, reference, gift_aid; ' +
      "justgiving: JustGiving's donation report; enthuse: Enthuse's payments report",
  })
  @IsOptional()
  @IsIn(GIFT_IMPORT_LAYOUTS)
  layout?: GiftImportLayout;

  @ApiPropertyOptional({ description: 'Campaign or appeal for rows whose file names none' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsSingleLine()
  @MaxLength(100)
  campaign?: string;
}

export class GiftsImportRowErrorDto {
  @ApiProperty({ description: 'Line number in the file (the header is line 1).' }) line!: number;
  @ApiPropertyOptional() field?: string;
  @ApiProperty() message!: string;
}

export class GiftsImportStatusDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: string;
  @ApiProperty({ enum: GIFT_IMPORT_LAYOUTS }) layout!: string;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ type: String, nullable: true }) campaign!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Data rows in the file (exact once completed).' })
  totalRows!: number | null;
  @ApiProperty() rowsDone!: number;
  @ApiProperty({ description: 'Gifts added by this import.' }) rowsImported!: number;
  @ApiProperty({ description: 'Gifts already recorded (an earlier upload): added nothing.' })
  rowsDuplicate!: number;
  @ApiProperty() rowsFailed!: number;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: [GiftsImportRowErrorDto], description: 'Rejected rows in file order.' })
  errors!: GiftsImportRowErrorDto[];
}
