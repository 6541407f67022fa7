import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'crm_';

export const generateStaffToken = (): string => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

export const hashStaffToken = (token: string): string => createHash('sha256').update(token).digest('hex');
