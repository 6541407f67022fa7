import { StaffToken } from '@crm/entities';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './decorators';
import { type Permission, roleAllows } from './permissions';
import type { StaffPrincipal } from './staff-principal';
import { hashStaffToken } from './token-hash';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  staff?: StaffPrincipal;
}

/** Global guard: every route needs a valid, unrevoked staff token unless marked `@Public()`. */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException('A staff token is required: Authorization: Bearer <token>');

    const record = await this.dataSource.getRepository(StaffToken).findOneBy({
      tokenHash: hashStaffToken(token),
      revokedAt: IsNull(),
    });
    if (!record) throw new UnauthorizedException('The staff token is unknown or revoked');

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const allowed = permission ? roleAllows(record.role, permission) : record.role === 'admin';
    if (!allowed) {
      throw new ForbiddenException(`Role ${record.role} may not ${permission ?? 'use admin routes'}`);
    }
    request.staff = { tokenId: record.id, name: record.name, role: record.role };
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
