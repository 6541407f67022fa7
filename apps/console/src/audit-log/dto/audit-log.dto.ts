import type { AuditEntry } from '@crm/entities';
import { ApiProperty } from '@nestjs/swagger';

export class AuditActorDto {
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The bearer token used' })
  tokenId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The console user' })
  staffUserId!: string | null;
}

export class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ description: 'The app that wrote the row' }) app!: string;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ example: 'staff.sign-in' }) action!: string;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;

  static from(row: AuditEntry): AuditEntryDto {
    return {
      id: row.id,
      occurredAt: row.occurredAt.toISOString(),
      app: row.app,
      actor: { name: row.actorName, tokenId: row.actorTokenId, staffUserId: row.actorStaffUserId },
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      statusCode: row.statusCode,
      requestId: row.requestId,
      details: row.details,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
