import type { Request } from 'express';

/** The client's IP (the forwarded one only from a proxy TRUST_PROXY names) and user agent, for the ledger. */
export const requestEvidence = (request: Request): { ip: string | null; userAgent: string | null } => ({
  ip: request.ip ?? null,
  userAgent: request.get('user-agent')?.slice(0, 500) ?? null,
});
