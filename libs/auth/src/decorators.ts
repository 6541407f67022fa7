import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';
import type { StaffPrincipal } from './staff-principal';

export const PUBLIC_ROUTE = 'crm:public';
export const REQUIRED_PERMISSION = 'crm:permission';
export const AUDITED_BY_HANDLER = 'crm:audited-by-handler';

/** Opts a route out of staff authentication. Every other route needs a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a staff route needs. A staff route without one is admin-only. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSION, permission);

/**
 * The route writes its own, more telling audit rows (what changed, from what), so the generic
 * "METHOD path" row of the audit interceptor would only repeat it.
 */
export const AuditedByHandler = (): MethodDecorator & ClassDecorator => SetMetadata(AUDITED_BY_HANDLER, true);

/** The authenticated staff member of the current request. */
export const CurrentStaff = createParamDecorator(
  (_: unknown, context: ExecutionContext): StaffPrincipal =>
    context.switchToHttp().getRequest<{ staff: StaffPrincipal }>().staff,
);
