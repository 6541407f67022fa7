import { SetMetadata } from '@nestjs/common';

export const AUDIT_TARGET = 'crm:audit-target';

/** The parts of a request a route's audit target is read from. */
export interface AuditTargetRequest {
  params?: Record<string, string>;
  body?: unknown;
}

export type AuditTargetOf = (request: AuditTargetRequest) => string | null;

/**
 * Names what a staff write changed, for a route whose target is neither an `:id` path parameter
 * nor the `id` of the body it answers (a suppression is keyed by an address, which an audit row,
 * kept after an erasure, should not hold).
 */
export const AuditTarget = (targetOf: AuditTargetOf): MethodDecorator => SetMetadata(AUDIT_TARGET, targetOf);
