import { STAFF_ROLES, type StaffRole } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ format: 'email' }) @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(256) password!: string;

  @ApiPropertyOptional({ description: 'The 6-digit code, for an account with two-factor sign-in' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  totp?: string;
}

export class AcceptInvitationDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) token!: string;
  @ApiProperty({ minLength: 12 }) @IsString() @MaxLength(256) password!: string;

  @ApiPropertyOptional({ description: 'The name to show; the invitation’s name when omitted' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ format: 'email' }) @IsEmail() @MaxLength(320) email!: string;
}

export class PasswordResetCompleteDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) token!: string;
  @ApiProperty({ minLength: 12 }) @IsString() @MaxLength(256) password!: string;
}

export class TotpEnableDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be 6 digits' })
  code!: string;
}

export class StaffViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
}

export class SignedInDto {
  @ApiProperty({ type: StaffViewDto }) staff!: StaffViewDto;
  @ApiProperty({ description: 'Send it as X-CSRF-Token with every change' }) csrfToken!: string;
  @ApiProperty({ description: 'Two-factor sign-in must be set up before anything else' })
  mustSetUpTotp!: boolean;
  @ApiProperty() totpEnabled!: boolean;
  @ApiProperty({
    description:
      'The mailer has no SendGrid key and keeps every email in its dev outbox: show the Outbox screen',
  })
  devOutbox!: boolean;
}

export class TotpSetupDto {
  @ApiProperty({ description: 'Base32 secret, for typing into an authenticator app' }) secret!: string;
  @ApiProperty({ description: 'otpauth:// URI, for opening in an authenticator app on this device' })
  otpauthUrl!: string;
  @ApiProperty({
    description: 'The otpauth URI as a QR code: an SVG image in a data: URL, for an <img>',
    example: 'data:image/svg+xml;base64,PHN2Zy…',
  })
  qrCode!: string;
}
