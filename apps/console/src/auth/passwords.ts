import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { test as isCommonPassword } from 'fxa-common-password-list';

export const PASSWORD_MIN_LENGTH = 12;
const PASSWORD_MAX_LENGTH = 256;

/**
 * argon2id at OWASP's first recommended setting: 19 MiB of memory, 2 passes, 1 lane (about 40 ms
 * a hash here). The parameters and the salt are part of the stored PHC string
 * (`$argon2id$v=19$m=19456,t=2,p=1$salt$key`), so raising them later still verifies older hashes.
 */
export const ARGON2_OPTIONS = {
  // Algorithm is a const enum the package does not export at run time (its object is empty), so a
  // compiler that does not inline const enums (swc) would pass undefined: the number, spelled out.
  algorithm: 2 as Algorithm, // Algorithm.Argon2id
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Why a new password is refused, in words for the person choosing it; null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (isCommonPassword(password) || isCommonPassword(password.toLowerCase())) {
    return 'is one of the most common passwords; choose another';
  }
  return null;
}

/** An argon2id hash as a PHC string, with a fresh 16-byte salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * Whether the password matches the stored PHC string. Anything that is not an argon2id PHC string
 * (an empty column, another scheme, a damaged value) is a mismatch, never an error.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (!stored.startsWith('$argon2id$')) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
