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
import {
  CSRF_HEADER,
  csrfTokenMatches,
  findLiveSession,
  readCookie,
  STAFF_SESSION_COOKIE,
} from './staff-sessions';
import { hashStaffToken } from './token-hash';

interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  staff?: StaffPrincipal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: every route not marked `@Public()` needs a staff bearer token (scripts, machines)
 * or a console session cookie (people), with the same role rules. A state-changing request made
 * with a session must carry the session's CSRF token in `X-CSRF-Token`; a bearer token needs none
 * (a browser never sends one by itself).
 */
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
    const staff = token ? await this.byToken(token) : await this.bySession(request);

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const allowed = permission ? roleAllows(staff.role, permission) : staff.role === 'admin';
    if (!allowed) {
      throw new ForbiddenException(`Role ${staff.role} may not ${permission ?? 'use admin routes'}`);
    }
    request.staff = staff;
    return true;
  }

  private async byToken(token: string): Promise<StaffPrincipal> {
    const record = await this.dataSource.getRepository(StaffToken).findOneBy({
      tokenHash: hashStaffToken(token),
      revokedAt: IsNull(),
    });
    if (!record) throw new UnauthorizedException('The staff token is unknown or revoked');
    return { tokenId: record.id, staffUserId: null, name: record.name, role: record.role };
  }

  private async bySession(request: GuardedRequest): Promise<StaffPrincipal> {
    const cookie = readCookie(request.headers.cookie, STAFF_SESSION_COOKIE);
    if (!cookie) {
      throw new UnauthorizedException(
        'Sign in to the console, or send a staff token: Authorization: Bearer <token>',
      );
    }
    const session = await findLiveSession(this.dataSource, cookie);
    if (!session) throw new UnauthorizedException('The console session has ended; sign in again');
    if (
      !SAFE_METHODS.has(request.method) &&
      !csrfTokenMatches(request.headers[CSRF_HEADER], session.csrfToken)
    ) {
      throw new ForbiddenException({
        code: 'CSRF_TOKEN_REQUIRED',
        message: "A change made with a console session needs the session's CSRF token in X-CSRF-Token",
      });
    }
    if (session.mustSetUpTotp) {
      throw new ForbiddenException({
        code: 'TOTP_SETUP_REQUIRED',
        message: 'Set up two-factor sign-in in the console before using it',
      });
    }
    const { user } = session;
    return { tokenId: null, staffUserId: user.id, name: user.name, role: user.role };
  }
}

function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
