import { SUPPRESSION_REASONS, type Suppression, type SuppressionReason } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@crm/platform';

export class SuppressionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SUPPRESSION_REASONS })
  @IsOptional()
  @IsIn(SUPPRESSION_REASONS)
  reason?: SuppressionReason;

  @ApiPropertyOptional({ description: 'addresses starting with this text' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;
}

export class CreateSuppressionDto {
  @ApiProperty({ format: 'email' }) @IsEmail() @MaxLength(320) email!: string;

  @ApiPropertyOptional({ enum: SUPPRESSION_REASONS, default: 'manual' })
  @IsOptional()
  @IsIn(SUPPRESSION_REASONS)
  reason?: SuppressionReason;
}

export class SuppressionDto {
  @ApiProperty() email!: string;
  @ApiProperty({ enum: SUPPRESSION_REASONS }) reason!: SuppressionReason;
  @ApiProperty({ nullable: true, type: String, description: '`sendgrid` (reported by SendGrid) or `staff`' })
  source!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The staff member who added it, if staff did' })
  addedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: Suppression): SuppressionDto {
    return {
      email: row.emailNormalised,
      reason: row.reason,
      source: row.source,
      addedBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class SuppressionPageDto {
  @ApiProperty({ type: [SuppressionDto] }) items!: SuppressionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
