import { APP_CONFIG, type PlatformConfig } from '@crm/config';
import { AuditEntry } from '@crm/entities';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Observable, concatMap } from 'rxjs';
import { AUDITED_BY_HANDLER } from './decorators';
import { AUDIT_TARGET, type AuditTargetOf } from './audit-target';
import type { StaffPrincipal } from './staff-principal';

interface AuditedRequest {
  method: string;
  id?: string;
  route?: { path?: string };
  params?: Record<string, string>;
  body?: unknown;
  staff?: StaffPrincipal;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Writes an audit row for every successful staff write before the response is sent, so a write
 * that answered 2xx is always on record. Reads and public routes are not audited.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    if (!request.staff || READ_METHODS.has(request.method)) return next.handle();
    if (
      this.reflector.getAllAndOverride<boolean>(AUDITED_BY_HANDLER, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return next.handle();
    }
    const staff = request.staff;
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        const response = context.switchToHttp().getResponse<{ statusCode: number }>();
        await this.dataSource.getRepository(AuditEntry).insert({
          app: this.config.APP_NAME,
          actorTokenId: staff.tokenId,
          actorStaffUserId: staff.staffUserId,
          actorName: staff.name,
          action: `${request.method} ${request.route?.path ?? ''}`,
          targetType: context.getClass().name.replace(/Controller$/, ''),
          targetId: targetOf(context, request, body),
          statusCode: response.statusCode,
          requestId: request.id ?? null,
          details: {},
        });
        return body;
      }),
    );
  }
}

/** What the write changed: as the route names it (`@AuditTarget`), else its `:id`, else the `id` it answers. */
function targetOf(context: ExecutionContext, request: AuditedRequest, body: unknown): string | null {
  const named = Reflect.getMetadata(AUDIT_TARGET, context.getHandler()) as AuditTargetOf | undefined;
  if (named) return named(request);
  return request.params?.id ?? targetIdOf(body);
}

function targetIdOf(body: unknown): string | null {
  if (body && typeof body === 'object' && 'id' in body && typeof body.id === 'string') return body.id;
  return null;
}
