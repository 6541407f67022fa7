import type { Request } from 'express';

/** The client's IP (behind a loopback proxy, the forwarded one) and user agent, for the ledger. */
export const requestEvidence = (request: Request): { ip: string | null; userAgent: string | null } => ({
  ip: request.ip ?? null,
  userAgent: request.get('user-agent')?.slice(0, 500) ?? null,
});
