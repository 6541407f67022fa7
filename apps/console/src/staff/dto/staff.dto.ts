import { STAFF_ROLES, type StaffRole, type StaffUser } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class InviteStaffDto {
  @ApiProperty({ format: 'email' }) @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role!: StaffRole;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
}

export class UpdateStaffDto {
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;

  @ApiPropertyOptional({ description: 'true ends every session of the account at once' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class StaffMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty() disabled!: boolean;
  @ApiProperty() totpEnabled!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSignInAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(user: StaffUser): StaffMemberDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      disabled: user.disabledAt !== null,
      totpEnabled: user.totpEnabled,
      lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

export class StaffPageDto {
  @ApiProperty({ type: [StaffMemberDto] }) items!: StaffMemberDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ description: 'The one-time link, also emailed; shown only now' }) url!: string;
}
